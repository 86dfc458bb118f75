/**
 * POST /api/admin/roster/import: adds or updates agents from a roster CSV
 * (`user,full_name,campaign,team,extension[,xuc_agent_id,voipbin_agent_id]`, header row required, the columns ROSTER_CSV
 * takes), sent as the body (text/csv) or as `{ "csv": "..." }`. All or nothing: any bad line
 * answers 400 with `{ error, errors: ["line N: ..."] }` and changes nothing. Agents not in the
 * file stay.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { rosterEntryOf, saveRoster } from "../../_lib/roster-entry";
import { AdminError } from "@/lib/server/admin-actions";
import { readRosterCsv } from "@/lib/agents/roster-csv";
import { audit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

const MAX_BYTES = 5 * 1024 * 1024;

/** The CSV text: the body itself, or the `csv` field of a JSON body (anything else: empty). */
const body = z.union([z.string(), z.object({ csv: z.string().catch("") }).transform((b) => b.csv)]).catch("");

export const POST = adminRoute({ body }, async ({ actor, runtime, body: text }) => {
  if (Buffer.byteLength(text) > MAX_BYTES) throw new AdminError(413, "roster CSV larger than 5 MiB");
  if (!text.trim()) return invalid("the CSV is empty", []);
  const { entries, errors } = readRosterCsv(text, rosterEntryOf);
  if (errors.length) return invalid(errors.length === 1 && !errors[0]!.startsWith("line ") ? errors[0]! : `${errors.length} line${errors.length === 1 ? "" : "s"} with errors; nothing was changed`, errors);
  if (entries.length === 0) return invalid("the CSV has a header but no agents", []);
  await saveRoster(runtime.db, entries);
  await runtime.reload.roster();
  await audit(runtime.db, actor, "roster.import", null, { agents: entries.length, users: entries.slice(0, 50).map((e) => e.user) });
  return { ok: true, imported: entries.length };
});

const invalid = (error: string, errors: string[]) => Response.json({ error, errors }, { status: 400 });
