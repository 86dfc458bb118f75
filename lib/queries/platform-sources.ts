/**
 * Queries for the platform links (XiVO XuC, VoIPBin; issue 15): the connections admins
 * configured (`source_connection`), the agents those links reported (`platform_agent`), and the
 * roster's links of one person across systems (`agent.xuc_agent_id`, `agent.voipbin_agent_id`).
 * Secrets are stored for the links to use; they are never returned by the admin API or logged.
 */
import type { Db } from "../db/prisma";
import type { RosterEntry } from "../agents/view";

export interface SourceConnectionRecord {
  name: string;
  /** Source type (lib/sources/registry.ts). */
  kind: string;
  /** The validated configuration without its secrets. */
  config: Record<string, unknown>;
  /** Password, access key, ... by field name. */
  secrets: Record<string, string>;
  enabled: boolean;
  /** ms, server clock. */
  updatedAt: number;
}

type Row = { name: string; kind: string; config: unknown; secrets: unknown; enabled: boolean; updatedAt: Date };
const toRecord = (r: Row): SourceConnectionRecord => ({
  name: r.name,
  kind: r.kind,
  config: (r.config ?? {}) as Record<string, unknown>,
  secrets: (r.secrets ?? {}) as Record<string, string>,
  enabled: r.enabled,
  updatedAt: r.updatedAt.getTime(),
});

export async function listSourceConnections(db: Db): Promise<SourceConnectionRecord[]> {
  return (await db.sourceConnection.findMany({ orderBy: { name: "asc" } })).map(toRecord);
}

export async function findSourceConnection(db: Db, name: string): Promise<SourceConnectionRecord | null> {
  const r = await db.sourceConnection.findUnique({ where: { name } });
  return r ? toRecord(r) : null;
}

export async function upsertSourceConnection(db: Db, c: Omit<SourceConnectionRecord, "updatedAt">): Promise<void> {
  const data = { kind: c.kind, config: c.config as object, secrets: c.secrets as object, enabled: c.enabled, updatedAt: new Date() };
  await db.sourceConnection.upsert({ where: { name: c.name }, create: { name: c.name, ...data }, update: data });
}

export async function deleteSourceConnection(db: Db, name: string): Promise<boolean> {
  return (await db.sourceConnection.deleteMany({ where: { name } })).count > 0;
}

/** One platform agent as a link reported it. */
export interface PlatformAgentRecord {
  source: string;
  agentId: string;
  /** The board's user key. */
  user: string;
  login: string | null;
  name: string | null;
  phone: string | null;
  queues: string[];
  deleted: boolean;
}

/** Upserts what links reported about their agents (one statement). */
export async function upsertPlatformAgents(db: Db, rows: readonly PlatformAgentRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO platform_agent (source, agent_id, "user", login, name, phone, queues, deleted, updated_at)
    SELECT t.source, t.agent_id, t."user", t.login, t.name, t.phone, ARRAY(SELECT jsonb_array_elements_text(t.queues::jsonb)), t.deleted, now()
    FROM unnest(${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.agentId)}::text[], ${rows.map((r) => r.user)}::text[],
                ${rows.map((r) => r.login)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.phone)}::text[],
                ${rows.map((r) => JSON.stringify(r.queues))}::text[], ${rows.map((r) => r.deleted)}::bool[])
      AS t(source, agent_id, "user", login, name, phone, queues, deleted)
    ON CONFLICT (source, agent_id) DO UPDATE SET "user" = EXCLUDED."user", login = EXCLUDED.login, name = EXCLUDED.name,
      phone = EXCLUDED.phone, queues = EXCLUDED.queues, deleted = EXCLUDED.deleted, updated_at = now()`;
}

/**
 * Roster entries for platform agents that are not on the roster (their user is not a roster
 * user): the platform's name (else login), phone as extension, the connection as campaign.
 */
export async function listPlatformRoster(db: Db): Promise<RosterEntry[]> {
  const rows = await db.$queryRaw<{ user: string; name: string | null; login: string | null; phone: string | null; source: string }[]>`
    SELECT DISTINCT ON (p."user") p."user", p.name, p.login, p.phone, p.source
    FROM platform_agent p
    WHERE NOT p.deleted AND NOT EXISTS (SELECT 1 FROM agent a WHERE a."user" = p."user" AND a.on_roster)
    ORDER BY p."user", p.updated_at DESC`;
  return rows.map((r) => ({ user: r.user, fullName: r.name ?? r.login, campaign: r.source, team: null, extension: r.phone }));
}

/** Roster users linked to platform agent ids (values as the admin wrote them: "12" or "<connection>:12"). */
export async function listIdentityLinks(db: Db): Promise<{ user: string; xucAgentId: string | null; voipbinAgentId: string | null }[]> {
  return db.agent.findMany({
    where: { onRoster: true, OR: [{ xucAgentId: { not: null } }, { voipbinAgentId: { not: null } }] },
    select: { user: true, xucAgentId: true, voipbinAgentId: true },
  });
}
