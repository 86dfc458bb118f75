/**
 * The Prisma client on the `pg` driver adapter (Prisma 7, engine-free client).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

/** A statement of pages, APIs, exports and jobs is cancelled by PostgreSQL after this long (ms). */
export const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * Opens a client with its own pool of `max` connections to `url`. Every statement is bounded
 * (statement_timeout, and a client-side query timeout a little longer for a server that never
 * answers): a slow export fails alone instead of holding connections forever.
 * `sessionOptions`: libpq-style options for every session (the writer id, lib/db/database.ts).
 */
export function createPrisma(url: string, max = 10, sessionOptions?: string): Db {
  return new PrismaClient({
    adapter: new PrismaPg({
      connectionString: url,
      ...(sessionOptions ? { options: sessionOptions } : {}),
      max,
      connectionTimeoutMillis: 3_000,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 5_000,
      keepAlive: true,
    }),
  });
}
