/**
 * A roster entry as the admin APIs take it: PUT /api/admin/roster/<user> (the user from the
 * path, the rest from the body) and each row of the CSV import.
 */
import { z } from "zod";
import type { RosterEntry } from "@/lib/agents/view";
import { parseInput } from "@/lib/validation";
import { agentUser, ID_PATTERN, optionalText } from "./fields";

/** The fields beside the user: full name, campaign (an id), team, extension (a dialable phone). */
export const rosterFields = z.object({
  fullName: optionalText("full name", 200),
  campaign: optionalText("campaign", 64).refine((v) => v === null || ID_PATTERN.test(v), "campaign: 1-64 of A-Z a-z 0-9 . _ @ - (no spaces)"),
  team: optionalText("team", 64),
  extension: optionalText("extension", 32).refine((v) => v === null || /^[A-Za-z0-9*#+_.-]+$/.test(v), "extension: letters, digits and * # + _ . - only"),
});

/** A whole entry: `{ user, fullName?, campaign?, team?, extension? }`. */
export const rosterEntry = z.object({ user: agentUser, ...rosterFields.shape }) satisfies z.ZodType<RosterEntry>;

/** One CSV row as an entry; throws with the reason (the import reports it as "line N: reason"). */
export function rosterEntryOf(row: object): RosterEntry {
  const checked = parseInput(rosterEntry, row);
  if (!checked.ok) throw new Error(checked.reason);
  return checked.value;
}
