import { defineConfig } from "prisma/config";

/**
 * Prisma CLI configuration. Only `prisma generate` is used by our scripts (it needs no
 * database and no engine). `prisma migrate deploy` works where Prisma's schema engine can be
 * downloaded; elsewhere lib/db/migrate.ts applies the same SQL files at start.
 */
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/wallboard" },
});
