/**
 * A fresh, empty database per test file inside the run's embedded PostgreSQL (started by
 * global-setup.ts; its URL comes through vitest's `inject`, which is why this stays here and
 * not in the shared kit, support/postgres.ts).
 */
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDatabase } from "../../support/postgres";

// The tests import `query` from here with their database helpers; it is the kit's.
export { query } from "../../support/postgres";

/** Creates `t_<random hex>` and returns its URL. */
export function createTestDatabase(): Promise<string> {
  return createDatabase(inject("pgServerUrl"), `t_${randomBytes(6).toString("hex")}`);
}
