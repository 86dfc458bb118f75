/**
 * The import graph of lib/, app/, components/ and server.ts follows the layers below: a module
 * imports only from its own layer or a layer under it, and the browser side and the server side
 * meet only in shared, pure modules. Read statically (a regex over import and export lines and
 * `import("…")`, resolving `@/` and relative paths), so nothing is loaded; type-only imports
 * count too, because a type that lives in the wrong layer is the start of an upward import.
 *
 * Layers, bottom to top (server side):
 *
 * 0. base     — lib/log.ts, lib/csv.ts, lib/validation.ts, lib/format/, lib/generated/ (the
 *               Prisma client): no project imports above.
 * 1. model    — each domain's types and pure rules, no I/O: lib/agents/, lib/calls/,
 *               lib/queues/, lib/dialer/, lib/alerts/, lib/campaigns/, lib/api/ (the bodies the
 *               API writes and pages read), lib/events/types.ts, lib/realtime/contract.ts,
 *               topics.ts and scope.ts (the Socket.IO contract), lib/auth/principal.ts, the pure
 *               parts of history (lib/history/agent-day.ts, days.ts, filters.ts, format.ts) and
 *               the sources' own shapes that models use (lib/sources/link-kinds.ts,
 *               neutral-events.ts, pbx/frames.ts, vicidial-db/snapshot.ts, vicidial-db/queries.ts).
 * 2. db       — lib/db/ (connections, pools, migrations, group commit) and lib/queries/ (SQL by
 *               table): queries only query; they take their row and result types from the models.
 * 3. services — what does I/O on top of the database: lib/env.ts (it composes the sources'
 *               configuration schemas), lib/auth/, lib/http/, lib/events/ (the event store and
 *               spool), lib/sources/ (links, pushes, pollers, routers), lib/history/ (rollups,
 *               reports, retention), lib/replication/.
 * 4. live     — one running instance: lib/realtime/ (the fan-out), lib/server/, lib/runtime.ts,
 *               server.ts.
 * 5. app      — Next.js pages and route handlers (app/).
 *
 * Browser side: lib/wall/ (the wall's state and presentation rules) and components/ import only
 * each other, base and model. Nothing on the server side imports them, except app/ pages (not
 * app/api/ route handlers), which render components.
 *
 * The development aids (sim/, support/, bench/, test/, scripts/) are not part of the wallboard:
 * the product never imports them. A new file must fall under one of the prefixes below; the
 * test names any that does not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

type Layer = "base" | "model" | "db" | "services" | "live" | "app" | "browser";

/** Server-side rank: a module may import only layers of equal or lower rank. */
const RANK: Record<Exclude<Layer, "browser">, number> = { base: 0, model: 1, db: 2, services: 3, live: 4, app: 5 };

/** Path prefixes of each layer; the longest matching prefix wins (a file entry beats its folder). */
const LAYERS: Record<Layer, string[]> = {
  base: ["lib/log.ts", "lib/csv.ts", "lib/validation.ts", "lib/format/", "lib/generated/"],
  model: [
    "lib/agents/",
    "lib/calls/",
    "lib/queues/",
    "lib/dialer/",
    "lib/alerts/",
    "lib/campaigns/",
    "lib/api/",
    "lib/events/types.ts",
    "lib/realtime/contract.ts",
    "lib/realtime/topics.ts",
    "lib/realtime/scope.ts",
    "lib/auth/principal.ts",
    "lib/history/agent-day.ts",
    "lib/history/days.ts",
    "lib/history/filters.ts",
    "lib/history/format.ts",
    "lib/sources/link-kinds.ts",
    "lib/sources/neutral-events.ts",
    "lib/sources/vodia/frames.ts",
    "lib/sources/vicidial-db/snapshot.ts",
    "lib/sources/vicidial-db/queries.ts",
  ],
  db: ["lib/db/", "lib/queries/"],
  services: ["lib/env.ts", "lib/auth/", "lib/http/", "lib/events/", "lib/sources/", "lib/history/", "lib/replication/"],
  live: ["lib/realtime/", "lib/server/", "lib/runtime.ts", "server.ts"],
  app: ["app/"],
  browser: ["lib/wall/", "components/"],
};

/** Scanned but not layered (see the docstring). */
const LEFT_OUT = ["lib/generated/"];

/** The development aids: simulators, the test and bench kit, tools. */
const TOOLS = ["sim/", "support/", "bench/", "test/", "scripts/"];

const PREFIXES = Object.entries(LAYERS)
  .flatMap(([layer, prefixes]) => prefixes.map((prefix) => ({ prefix, layer: layer as Layer })))
  .sort((a, b) => b.prefix.length - a.prefix.length);

function layerOf(file: string): Layer | null {
  return PREFIXES.find((p) => file === p.prefix || file.startsWith(p.prefix))?.layer ?? null;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (LEFT_OUT.some((p) => `${rel}/`.startsWith(p))) continue;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

// `import … from "x"` and `export … from "x"` (over several lines), `import "x"`, `import("x")`.
const IMPORT_RES = [/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']/g, /(?:^|\n)\s*import\s*["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g];

/** The project file an import names (relative or `@/`), or null for a package. */
function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = spec.slice(2);
  else if (spec.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = path.join(ROOT, candidate);
    if (existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return `${base} (not found)`;
}

interface Edge {
  from: string;
  to: string;
}

function importGraph(): Edge[] {
  const files = [...sourceFiles("lib"), ...sourceFiles("app"), ...sourceFiles("components"), "server.ts"];
  const edges: Edge[] = [];
  for (const from of files) {
    const text = readFileSync(path.join(ROOT, from), "utf8");
    for (const re of IMPORT_RES) {
      for (const m of text.matchAll(re)) {
        const to = resolve(from, m[1]!);
        if (to) edges.push({ from, to });
      }
    }
  }
  return edges;
}

/** Why `from` may not import `to`, or null when it may. */
function offence({ from, to }: Edge): string | null {
  if (to.endsWith("(not found)")) return "imports a file that does not exist";
  if (TOOLS.some((p) => to.startsWith(p))) return "imports a development aid (simulator, test or bench kit)";
  const a = layerOf(from);
  const b = layerOf(to);
  if (!a) return "is in no layer (add its folder to LAYERS)";
  if (!b) return `imports ${to}, which is in no layer`;
  if (a === "browser") return b === "browser" || b === "base" || b === "model" ? null : `browser code imports the ${b} layer`;
  if (b === "browser") return from.startsWith("app/") && !from.startsWith("app/api/") ? null : `${a} code imports browser code`;
  return RANK[b] > RANK[a] ? `${a} imports upward into ${b}` : null;
}

describe("layers", () => {
  const edges = importGraph();

  it("the scan sees the imports (a broken regex would pass everything)", () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: "lib/server/wallboard.ts", to: "lib/events/store.ts" });
    // A dynamic import and a multi-line one.
    expect(edges).toContainEqual({ from: "lib/server/wallboard.ts", to: "lib/queues/config.ts" });
    expect(edges.some((e) => e.from.startsWith("components/") && e.to.startsWith("lib/wall/"))).toBe(true);
  });

  it("every module is in a layer", () => {
    const files = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((f) => !f.endsWith("(not found)") && !/\.css$/.test(f));
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
  });

  it("no module imports from a layer above it, and the browser and server sides meet only in base and model", () => {
    const offending = edges.flatMap((e) => {
      const why = offence(e);
      return why ? [`${e.from} → ${e.to}: ${why}`] : [];
    });
    expect([...new Set(offending)]).toEqual([]);
  });
});
