/**
 * Compiles the custom server (server.ts and everything it imports from lib/) into plain
 * JavaScript under .next/wallboard-server/, with esbuild: `npm start` runs that instead of
 * transpiling TypeScript on the fly, which halves the time from process start to the push URL
 * answering (about 0.45 s instead of 1 s for the two processes of a start; issue 12 §1).
 * Packages stay imports of node_modules; dynamic imports become chunks loaded when needed.
 * Part of `npm run build`.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
export const SERVER_BUNDLE_DIR = path.join(ROOT, ".next", "wallboard-server");

rmSync(SERVER_BUNDLE_DIR, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: ["server.ts"],
  outdir: SERVER_BUNDLE_DIR,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Some packages still call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __wallboardRequire } from 'node:module'; const require = __wallboardRequire(import.meta.url);" },
});
