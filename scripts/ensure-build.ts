/**
 * `npm start` (and `npm test`, `npm run demo`, `npm run bench`) run this first: it builds the
 * app only when there is no build, or when the sources changed since the build (issue 12 §1:
 * a start must not spend 15 s building what is already built, and a changed checkout must be
 * rebuilt without a manual step).
 *
 * "The sources" are every file that goes into the build — the Next.js app and the compiled
 * server (scripts/build-server.ts): server.ts, app/, components/, lib/ (without the generated
 * Prisma client, which comes from prisma/schema.prisma), public/, prisma/schema.prisma, the
 * Next/PostCSS/TypeScript configuration and package-lock.json. Their sha256 (paths and
 * contents) is kept in .next/wallboard-source-hash after a successful build.
 *
 * Usage: `tsx scripts/ensure-build.ts [--check | --record]` (--check: exit 1 when a build is
 * needed, build nothing; --record: note the current sources as built — `npm run build` ends with it).
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const HASH_FILE = path.join(ROOT, ".next", "wallboard-source-hash");
const DIRS = ["app", "components", "lib", "public"];
const FILES = ["server.ts", "prisma/schema.prisma", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP = new Set(["lib/generated"]);

function walk(dir: string, out: string[]): void {
  const rel = path.relative(ROOT, dir);
  if (SKIP.has(rel) || !existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** sha256 over the build's inputs (sorted relative paths and contents). */
export function sourceHash(): string {
  const files: string[] = [];
  for (const d of DIRS) walk(path.join(ROOT, d), files);
  for (const f of FILES) if (existsSync(path.join(ROOT, f))) files.push(path.join(ROOT, f));
  const hash = createHash("sha256");
  for (const file of files.map((f) => path.relative(ROOT, f)).sort()) {
    hash.update(file).update("\0").update(readFileSync(path.join(ROOT, file))).update("\0");
  }
  return hash.digest("hex");
}

function buildIsCurrent(hash: string): boolean {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return false;
  if (!existsSync(path.join(ROOT, ".next", "wallboard-server", "server.mjs"))) return false;
  if (!existsSync(path.join(ROOT, "lib", "generated", "prisma", "client.ts"))) return false;
  return existsSync(HASH_FILE) && readFileSync(HASH_FILE, "utf8").trim() === hash;
}

const hash = sourceHash();
if (process.argv.includes("--record")) {
  writeFileSync(HASH_FILE, `${hash}\n`);
  process.exit(0);
}
if (buildIsCurrent(hash)) process.exit(0);
if (process.argv.includes("--check")) {
  console.error("the build is missing or older than the sources");
  process.exit(1);
}
console.log("Building the wallboard (no build yet, or the sources changed since the last one)...");
// `npm run build` records the hash when it succeeds; a failure throws (non-zero exit).
execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
