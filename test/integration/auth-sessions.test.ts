/**
 * The authenticator remembers cookie values it has opened (open sockets are re-checked every
 * 2 s), and what it remembers never outlives the session: expiry is judged at each use, a
 * sign-out or a disabled user still ends it. Real PostgreSQL with the real migrations.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Authenticator } from "../../lib/auth/authenticator";
import { SESSION_TTL_SEC } from "../../lib/auth/session";
import { hashPassword } from "../../lib/auth/passwords";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import { createUser, updateUser } from "../../lib/queries/users";
import { createTestDatabase } from "../support/database";

let db: Db;
beforeAll(async () => {
  const url = await createTestDatabase();
  await applyMigrations(url);
  db = createPrisma(url, 2);
});
afterAll(async () => db?.$disconnect());

const header = (setCookie: string) => setCookie.split(";")[0]!;

describe("session cookies, opened once", () => {
  it("a remembered cookie still expires on time, and a disabled user's cookie stops working", async () => {
    const auth = new Authenticator(db, "s".repeat(40), false);
    const id = await createUser(db, { username: "sup1", passwordHash: await hashPassword("pw-123456789"), role: "supervisor", campaigns: ["C1"] });
    const cookie = header(await auth.userCookie(id));
    expect((await auth.fromCookieHeader(cookie))?.principal).toMatchObject({ kind: "user", username: "sup1" });
    expect((await auth.fromCookieHeader(cookie))?.principal).toMatchObject({ kind: "user", username: "sup1" });

    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + SESSION_TTL_SEC * 1000 + 5_000);
    try {
      expect(await auth.fromCookieHeader(cookie)).toBeNull();
    } finally {
      clock.mockRestore();
    }

    const fresh = header(await auth.userCookie(id));
    expect(await auth.fromCookieHeader(fresh)).not.toBeNull();
    await updateUser(db, id, { disabled: true });
    await new Promise((r) => setTimeout(r, 3_100)); // the user record's own cache (3 s)
    expect(await auth.fromCookieHeader(fresh)).toBeNull();
  });

  it("a forged or altered cookie is refused, also after a good one was opened", async () => {
    const auth = new Authenticator(db, "t".repeat(40), false);
    const id = await createUser(db, { username: "sup2", passwordHash: await hashPassword("pw-123456789"), role: "supervisor" });
    const cookie = header(await auth.userCookie(id));
    expect(await auth.fromCookieHeader(cookie)).not.toBeNull();
    const altered = cookie.slice(0, -3) + (cookie.endsWith("AAA") ? "BBB" : "AAA");
    expect(await auth.fromCookieHeader(altered)).toBeNull();
    expect(await new Authenticator(db, "u".repeat(40), false).fromCookieHeader(cookie)).toBeNull();
  });
});
