/**
 * A throwaway MariaDB server with VICIdial's tables for a test file: see
 * sim/vicidial-db/mariadb-server.ts (shared with `npm run demo`), and {@link endMariaDb} to end
 * it after the file.
 */
import type { Connection } from "mysql2/promise";
import type { MariaDbServer } from "../../sim/vicidial-db/mariadb-server";

export * from "../../sim/vicidial-db/mariadb-server";

/**
 * Ends a test file's MariaDB: its admin connection closed first, then the server it talks to
 * destroyed (stopped, its data folder removed). Either may be unset when its start failed.
 */
export async function endMariaDb(admin: Connection | undefined, maria: MariaDbServer | undefined): Promise<void> {
  await admin?.end();
  await maria?.destroy();
}
