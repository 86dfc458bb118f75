/**
 * Reads a roster CSV: a header row with `user` and any of `full_name`, `campaign`, `team`,
 * `extension` (PBX extension of the agent's phone)
 * (also accepted: `name`/`fullName`). Parsing by csv-parse (quotes, BOM, CRLF handled).
 * Throws with the line number when a row has no user.
 */
import { parse } from "csv-parse/sync";
import type { RosterEntry } from "./view";

export function parseRosterCsv(text: string): RosterEntry[] {
  const records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return records.map((r, i) => {
    const user = r["user"];
    if (!user) throw new Error(`roster CSV line ${i + 2}: the user column is empty`);
    const blank = (v: string | undefined) => (v ? v : null);
    return {
      user,
      fullName: blank(r["full_name"] ?? r["fullname"] ?? r["name"]),
      campaign: blank(r["campaign"]),
      team: blank(r["team"]),
      extension: blank(r["extension"] ?? r["phone"]),
    };
  });
}
