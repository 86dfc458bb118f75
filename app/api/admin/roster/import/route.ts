/**
 * POST /api/admin/roster/import: adds or updates agents from a roster CSV
 * (`user,full_name,campaign,team,extension`, header row required, the columns ROSTER_CSV
 * takes), sent as the body
 * (text/csv) or as `{ "csv": "..." }`. All or nothing: any bad line answers 400 with
 * `{ error, errors: ["line N: ..."] }` and changes nothing. Agents not in the file stay.
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { readRosterCsv } from "@/lib/agents/roster-csv";
import { audit } from "@/lib/queries/audit";
import { upsertRoster } from "@/lib/queries/roster";
import { rosterEntry } from "../../_lib/roster";

export const dynamic = "force-dynamic";

const MAX_BYTES = 5 * 1024 * 1024;

export async function POST(request: Request): Promise<Response> {
  const type = request.headers.get("content-type") ?? "";
  // adminRoute reads JSON bodies; a CSV body is read from a copy first.
  const raw = type.includes("json") ? null : await request.clone().text();
  return adminRoute(request, async ({ actor, runtime, body }) => {
    const text = raw ?? (typeof body["csv"] === "string" ? body["csv"] : "");
    if (Buffer.byteLength(text) > MAX_BYTES) throw new AdminError(413, "roster CSV larger than 5 MiB");
    if (!text.trim()) return invalid("the CSV is empty", []);
    const { entries, errors } = readRosterCsv(text, (c) => rosterEntry(c.user, c));
    if (errors.length) return invalid(errors.length === 1 && !errors[0]!.startsWith("line ") ? errors[0]! : `${errors.length} line${errors.length === 1 ? "" : "s"} with errors; nothing was changed`, errors);
    if (entries.length === 0) return invalid("the CSV has a header but no agents", []);
    await upsertRoster(runtime.db, entries);
    await runtime.reload.roster();
    await audit(runtime.db, actor, "roster.import", null, { agents: entries.length, users: entries.slice(0, 50).map((e) => e.user) });
    return { ok: true, imported: entries.length };
  });
}

const invalid = (error: string, errors: string[]) => Response.json({ error, errors }, { status: 400 });
