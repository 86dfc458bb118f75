/**
 * A throwaway MariaDB server with VICIdial's tables for a test file: see
 * sim/vicidial-db/mariadb-server.ts (shared with `npm run demo`).
 */
export * from "../../sim/vicidial-db/mariadb-server";
