/**
 * The Prisma client on the `pg` driver adapter (Prisma 7, engine-free client).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;

/** Opens a client with its own pool of `max` connections to `url`. */
export function createPrisma(url: string, max = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}
