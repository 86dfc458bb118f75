/**
 * The checkout's root folder (absolute), where child processes run (`cwd`) and where
 * `.data/`, `.next/` and `prisma/migrations/` are found whatever folder a script starts in.
 *
 * Part of support/, the one kit the tests (test/), the bench (bench/), the demo and the scripts
 * share. It sits at the top level, not under test/, because the bench and the demo are not
 * tests and must not reach into them; test/support/ keeps only what needs vitest or is for
 * tests alone.
 */
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
