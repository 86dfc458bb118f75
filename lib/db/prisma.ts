/**
 * The Prisma client on the `pg` driver adapter (Prisma 7, engine-free client).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

/** Opens a client with its own pool of `max` connections to `url`. */
export function createPrisma(url: string, max = 10): Db {
  // A short connect timeout lets an outage be detected (and ingest switch to its spool) quickly.
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: 3_000 }) });
}
