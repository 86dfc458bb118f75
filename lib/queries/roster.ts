/**
 * Queries on `agent` as the roster: who an agent is (full name), which campaign and team.
 */
import type { Db } from "../db/prisma";
import type { RosterEntry } from "../agents/view";

/** Every agent on the roster. */
export async function listRoster(db: Db): Promise<RosterEntry[]> {
  const rows = await db.agent.findMany({ where: { onRoster: true }, orderBy: { user: "asc" } });
  return rows.map((r) => ({ user: r.user, fullName: r.fullName, campaign: r.campaign, team: r.team, extension: r.extension }));
}

/** Adds or updates roster entries (one transaction). Agents seen in events keep their history. */
export async function upsertRoster(db: Db, entries: readonly RosterEntry[]): Promise<void> {
  await db.$transaction(
    entries.map((e) =>
      db.agent.upsert({
        where: { user: e.user },
        create: { user: e.user, fullName: e.fullName, campaign: e.campaign, team: e.team, extension: e.extension ?? null, onRoster: true },
        update: { fullName: e.fullName, campaign: e.campaign, team: e.team, extension: e.extension ?? null, onRoster: true },
      }),
    ),
  );
}
