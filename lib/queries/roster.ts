/**
 * Queries on `agent` as the roster: who an agent is (full name), which campaign and team.
 */
import type { Db } from "../db/prisma";
import type { RosterEntry } from "../agents/view";

/** Every agent on the roster. */
export async function listRoster(db: Db): Promise<RosterEntry[]> {
  const rows = await db.agent.findMany({ where: { onRoster: true }, orderBy: { user: "asc" } });
  return rows.map((r) => ({ user: r.user, fullName: r.fullName, campaign: r.campaign, team: r.team, extension: r.extension, xucAgentId: r.xucAgentId, voipbinAgentId: r.voipbinAgentId }));
}

/** Adds or updates roster entries (one transaction). Agents seen in events keep their history. */
export async function upsertRoster(db: Db, entries: readonly RosterEntry[]): Promise<void> {
  // Identity links are written only when given (a CSV without those columns keeps them).
  const links = (e: RosterEntry) => ({ ...(e.xucAgentId !== undefined ? { xucAgentId: e.xucAgentId } : {}), ...(e.voipbinAgentId !== undefined ? { voipbinAgentId: e.voipbinAgentId } : {}) });
  await db.$transaction(
    entries.map((e) =>
      db.agent.upsert({
        where: { user: e.user },
        create: { user: e.user, fullName: e.fullName, campaign: e.campaign, team: e.team, extension: e.extension ?? null, onRoster: true, ...links(e) },
        update: { fullName: e.fullName, campaign: e.campaign, team: e.team, extension: e.extension ?? null, onRoster: true, ...links(e) },
      }),
    ),
  );
}
