/**
 * GET /healthz: 200 with `{ ok, database, ingest, agents, uptimeSec }` when the database
 * answers, 503 with the same shape when it does not (ingest then spools to disk and
 * `ingest.spooling` is true).
 */
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const runtime = getRuntime();
  const database = await runtime.databaseStatus();
  return Response.json(
    { ok: database.ok, database, ingest: runtime.ingest(), agents: runtime.board.size, uptimeSec: Math.round((runtime.now() - runtime.startedAt) / 1000) },
    { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
