/**
 * A roster entry as the admin APIs take it: PUT /api/admin/roster/<user> (the user from the
 * path, the rest from the body) and each row of the CSV import.
 */
import { z } from "zod";
import type { RosterEntry } from "@/lib/agents/view";
import type { Db } from "@/lib/db/prisma";
import { upsertRoster } from "@/lib/queries/roster";
import { AdminError } from "@/lib/server/admin-actions";
import { parseInput } from "@/lib/validation";
import { agentUser, ID_PATTERN, optionalText } from "./fields";

/**
 * The same person's agent id on a XuC or VoIPBin link: `<id>` or `<connection>:<id>`.
 * Absent: the stored link is kept; empty: it is removed.
 */
const platformAgentId = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(100, { error: `${field} is longer than 100 characters`, abort: true })
    .regex(/^[A-Za-z0-9._@:-]*$/, `${field}: letters, digits and . _ @ : - only`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v ? v : null));

/** The fields beside the user: full name, campaign (an id), team, extension (a dialable phone), the XuC / VoIPBin agent ids. */
export const rosterFields = z.object({
  fullName: optionalText("full name", 200),
  campaign: optionalText("campaign", 64).refine((v) => v === null || ID_PATTERN.test(v), "campaign: 1-64 of A-Z a-z 0-9 . _ @ - (no spaces)"),
  team: optionalText("team", 64),
  extension: optionalText("extension", 32).refine((v) => v === null || /^[A-Za-z0-9*#+_.-]+$/.test(v), "extension: letters, digits and * # + _ . - only"),
  xucAgentId: platformAgentId("XuC agent id"),
  voipbinAgentId: platformAgentId("VoIPBin agent id"),
});

/** A whole entry: `{ user, fullName?, campaign?, team?, extension?, xucAgentId?, voipbinAgentId? }`. */
export const rosterEntry = z.object({ user: agentUser, ...rosterFields.shape }) satisfies z.ZodType<RosterEntry>;

/** One CSV row as an entry; throws with the reason (the import reports it as "line N: reason"). */
export function rosterEntryOf(row: object): RosterEntry {
  const checked = parseInput(rosterEntry, row);
  if (!checked.ok) throw new Error(checked.reason);
  return checked.value;
}

/**
 * Writes roster entries; a XuC or VoIPBin agent id already linked to another agent is a 409
 * with the reason (the columns are unique: one person per platform agent), nothing written.
 */
export async function saveRoster(db: Db, entries: readonly RosterEntry[]): Promise<void> {
  try {
    await upsertRoster(db, entries);
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    // Prisma names the unique column in `meta` (its shape differs between engines and driver adapters).
    const target = `${JSON.stringify((err as { meta?: unknown }).meta ?? "")} ${(err as Error).message}`;
    const which = /voipbin_?agent_?id/i.test(target) ? "VoIPBin" : /xuc_?agent_?id/i.test(target) ? "XuC" : "a platform";
    throw new AdminError(409, `${which} agent id already linked to another agent: one person per platform agent; nothing was changed`);
  }
}
