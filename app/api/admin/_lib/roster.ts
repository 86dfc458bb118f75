/**
 * Roster entry validation shared by PUT /api/admin/roster/<user> and the CSV import.
 */
import type { RosterEntry } from "@/lib/agents/view";
import { AdminError } from "@/lib/server/admin-actions";
import { agentUser, optionalText, requireId } from "./validate";

export function rosterEntry(user: unknown, fields: { fullName?: unknown; campaign?: unknown; team?: unknown; extension?: unknown }): RosterEntry {
  const campaign = optionalText(fields.campaign, "campaign", 64);
  const extension = optionalText(fields.extension, "extension", 32);
  if (extension !== null && !/^[A-Za-z0-9*#+_.-]+$/.test(extension)) throw new AdminError(400, "extension: letters, digits and * # + _ . - only");
  return {
    user: agentUser(user),
    fullName: optionalText(fields.fullName, "full name", 200),
    campaign: campaign === null ? null : requireId(campaign, "campaign"),
    team: optionalText(fields.team, "team", 64),
    extension,
  };
}
