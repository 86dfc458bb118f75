/**
 * Reads a roster CSV (ROSTER_CSV at start, the admin's import): a header row with `user` and
 * any of `full_name` (also `fullname`, `name`), `campaign`, `team`, `extension` (also
 * `phone`: the PBX extension of the agent's phone), `xuc_agent_id`, `voipbin_agent_id` (the same
 * person on a XiVO XuC or VoIPBin link: one tile per person, issue 15 §4). Parsing by csv-parse (quotes, BOM, CRLF).
 * A cell the export's spreadsheet formula guard escaped (`'=...`, `'+49...`, lib/csv.ts) is read
 * without the guard's `'`, so an exported roster re-imports unchanged.
 */
import { parse } from "csv-parse/sync";
import { unguardCsvCell } from "../csv";
import type { RosterEntry } from "./view";

/** The roster columns of one CSV row, aliases resolved; absent or empty columns are undefined. */
export interface RosterColumns {
  user?: string;
  fullName?: string;
  campaign?: string;
  team?: string;
  extension?: string;
  /** null: the column is there but empty (the link is removed); undefined: no such column (kept). */
  xucAgentId?: string | null;
  voipbinAgentId?: string | null;
}

export interface RosterCsv {
  entries: RosterEntry[];
  /** One line each, "line N: reason"; empty when every row was read. */
  errors: string[];
}

const blank = (v: string | undefined) => (v ? unguardCsvCell(v) : undefined);

/** The plain reading used at start: a user is required, other columns are taken as they are. */
function plainEntry(c: RosterColumns): RosterEntry {
  if (!c.user) throw new Error("the user column is empty");
  return { user: c.user, fullName: c.fullName ?? null, campaign: c.campaign ?? null, team: c.team ?? null, extension: c.extension ?? null, xucAgentId: c.xucAgentId, voipbinAgentId: c.voipbinAgentId };
}

/**
 * Reads every row, collecting the problems instead of stopping at the first: rows `toEntry`
 * refuses (it throws with the reason), users listed twice, a header without `user`, text that
 * is not CSV. Never throws.
 */
export function readRosterCsv(text: string, toEntry: (c: RosterColumns) => RosterEntry = plainEntry): RosterCsv {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    const columns = (h: string[]) => (header = h.map((c) => c.trim().toLowerCase()));
    records = parse(text, { columns, bom: true, skip_empty_lines: true, trim: true, info: true }) as typeof records;
  } catch (err) {
    return { entries: [], errors: [`the CSV cannot be read: ${(err as Error).message.split("\n")[0]}`] };
  }
  if (!header.includes("user")) {
    return { entries: [], errors: ["the first line must be a header with a user column: user,full_name,campaign,team,extension"] };
  }
  const entries: RosterEntry[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  for (const { record: r, info } of records) {
    try {
      const entry = toEntry({
        user: blank(r["user"]),
        fullName: blank(r["full_name"] ?? r["fullname"] ?? r["name"]),
        campaign: blank(r["campaign"]),
        team: blank(r["team"]),
        extension: blank(r["extension"] ?? r["phone"]),
        xucAgentId: header.includes("xuc_agent_id") ? (blank(r["xuc_agent_id"]) ?? null) : undefined,
        voipbinAgentId: header.includes("voipbin_agent_id") ? (blank(r["voipbin_agent_id"]) ?? null) : undefined,
      });
      const first = seen.get(entry.user);
      if (first !== undefined) throw new Error(`user ${entry.user} already on line ${first}`);
      seen.set(entry.user, info.lines);
      entries.push(entry);
    } catch (err) {
      errors.push(`line ${info.lines}: ${(err as Error).message}`);
    }
  }
  return { entries, errors };
}

/** Reads ROSTER_CSV; throws with every problem, one per line, when a row cannot be read. */
export function parseRosterCsv(text: string): RosterEntry[] {
  const { entries, errors } = readRosterCsv(text);
  if (errors.length) throw new Error(`roster CSV:\n  ${errors.join("\n  ")}`);
  return entries;
}
