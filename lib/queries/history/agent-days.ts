/**
 * Report "agents": one row per agent, local day and campaign from the rollups (agent_day and
 * agent_state_day), with the time per state and per pause code.
 */
import type { Db } from "../../db/prisma";
import type { HistoryFilters } from "../../history/filters";

/** Columns of the report: time per state group (ms-free seconds). */
export const STATE_COLUMNS = [
  { key: "READY", label: "Ready", states: ["READY", "CLOSER"] },
  { key: "INCALL", label: "In call", states: ["INCALL", "DIAL", "PARK", "3-WAY"] },
  { key: "PAUSED", label: "Paused", states: ["PAUSED"] },
  { key: "DISPO", label: "Dispo", states: ["DISPO"] },
  { key: "DEAD", label: "Dead", states: ["DEAD"] },
] as const;

export type StateColumn = (typeof STATE_COLUMNS)[number]["key"];

export interface AgentDayRow {
  day: string;
  agentUser: string;
  fullName: string | null;
  campaign: string;
  team: string | null;
  loggedInSec: number;
  /** Seconds per column of {@link STATE_COLUMNS}. */
  byColumn: Record<StateColumn, number>;
  /** Seconds per raw state (READY, CLOSER, DIAL, ...). */
  byState: Record<string, number>;
  /** Paused seconds per pause code ("" = none given). */
  pauseCodes: Record<string, number>;
  callsHandled: number;
  talkSec: number;
  /** talkSec ÷ callsHandled, null without calls. */
  avgTalkSec: number | null;
  dispositions: Record<string, number>;
}

export interface AgentDayQuery {
  filters: Pick<HistoryFilters, "from" | "to" | "team" | "agent">;
  /** null: every campaign. */
  campaigns: string[] | null;
  limit: number;
  offset?: number;
}

type Raw = {
  day: string;
  agent_user: string;
  full_name: string | null;
  campaign: string;
  team: string | null;
  logged_in_sec: number;
  calls_handled: number;
  talk_sec: number;
  dispositions: Record<string, number>;
  states: { s: string; p: string; sec: number }[] | null;
};

/** A row's place in the report's order (day descending, then agent, then campaign). */
interface RowKey {
  day: string;
  agentUser: string;
  campaign: string;
}

/** The rows, newest day first, then agent; `total` counts every matching row. */
export async function agentDayRows(db: Db, q: AgentDayQuery): Promise<{ rows: AgentDayRow[]; total: number }> {
  const { from, to, team, agent } = q.filters;
  const campaigns = q.campaigns;
  const [rows, count] = await Promise.all([
    pageOf(db, q, q.limit, q.offset ?? 0, null),
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM agent_day d
      WHERE d.day >= ${from} AND d.day <= ${to}
        AND (${campaigns}::text[] IS NULL OR d.campaign = ANY(${campaigns}::text[]))
        AND (${team}::text IS NULL OR d.team = ${team})
        AND (${agent}::text IS NULL OR d.agent_user = ${agent})`,
  ]);
  return { rows: rows.map(toRow), total: Number(count[0]?.n ?? 0) };
}

/**
 * Every matching row in the report's order, read `pageSize` rows per query (keyset paging:
 * each page starts after the last row of the previous one), so an export of months holds one
 * page in memory at a time. `q.limit` and `q.offset` are ignored. Stop iterating to stop
 * reading.
 */
export async function* agentDayRowStream(db: Db, q: Omit<AgentDayQuery, "limit" | "offset">, pageSize = 1000): AsyncGenerator<AgentDayRow> {
  let after: RowKey | null = null;
  for (;;) {
    const page = await pageOf(db, q, pageSize, 0, after);
    for (const r of page) yield toRow(r);
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!;
    after = { day: last.day, agentUser: last.agent_user, campaign: last.campaign };
  }
}

/** One page: rows after `after` (null: from the first), skipping `offset`, at most `limit`. */
function pageOf(db: Db, q: Omit<AgentDayQuery, "limit" | "offset">, limit: number, offset: number, after: RowKey | null): Promise<Raw[]> {
  const { from, to, team, agent } = q.filters;
  const campaigns = q.campaigns;
  const afterDay = after?.day ?? null;
  // The page of keys first, then its states in one grouped join (not a subquery per row,
  // which would also run for the rows an OFFSET skips).
  return db.$queryRaw<Raw[]>`
      WITH page AS (
        SELECT d.day, d.agent_user, d.campaign, d.team, d.logged_in_sec, d.calls_handled, d.talk_sec, d.dispositions
        FROM agent_day d
        WHERE d.day >= ${from} AND d.day <= ${to}
          AND (${campaigns}::text[] IS NULL OR d.campaign = ANY(${campaigns}::text[]))
          AND (${team}::text IS NULL OR d.team = ${team})
          AND (${agent}::text IS NULL OR d.agent_user = ${agent})
          AND (${afterDay}::text IS NULL OR d.day < ${afterDay}::text
               OR (d.day = ${afterDay}::text AND (d.agent_user, d.campaign) > (${after?.agentUser ?? null}::text, ${after?.campaign ?? null}::text)))
        ORDER BY d.day DESC, d.agent_user, d.campaign
        LIMIT ${limit} OFFSET ${offset}
      ), st AS (
        SELECT s.day, s.agent_user, s.campaign, json_agg(json_build_object('s', s.state, 'p', s.pause_code, 'sec', s.seconds)) AS states
        FROM agent_state_day s JOIN page p ON p.day = s.day AND p.agent_user = s.agent_user AND p.campaign = s.campaign
        WHERE s.day >= ${from} AND s.day <= ${to}
        GROUP BY 1, 2, 3
      )
      SELECT p.*, a.full_name, st.states
      FROM page p LEFT JOIN st ON st.day = p.day AND st.agent_user = p.agent_user AND st.campaign = p.campaign
                  LEFT JOIN agent a ON a."user" = p.agent_user
      ORDER BY p.day DESC, p.agent_user, p.campaign`;
}

function toRow(r: Raw): AgentDayRow {
  // Keyed by stored text (pause codes come from agent events): null-prototype objects, so a
  // code such as "constructor" or "__proto__" is counted like any other.
  const byState = Object.create(null) as Record<string, number>;
  const pauseCodes = Object.create(null) as Record<string, number>;
  for (const s of r.states ?? []) {
    byState[s.s] = (byState[s.s] ?? 0) + s.sec;
    if (s.s === "PAUSED") pauseCodes[s.p] = (pauseCodes[s.p] ?? 0) + s.sec;
  }
  const byColumn = {} as Record<StateColumn, number>;
  for (const c of STATE_COLUMNS) byColumn[c.key] = c.states.reduce((sum, s) => sum + (byState[s] ?? 0), 0);
  return {
    day: r.day,
    agentUser: r.agent_user,
    fullName: r.full_name,
    campaign: r.campaign,
    team: r.team,
    loggedInSec: r.logged_in_sec,
    byColumn,
    byState,
    pauseCodes,
    callsHandled: r.calls_handled,
    talkSec: r.talk_sec,
    avgTalkSec: r.calls_handled > 0 ? r.talk_sec / r.calls_handled : null,
    dispositions: r.dispositions ?? {},
  };
}

/** "LUNCH=1800;BREAK=600" style text of a seconds or count map, keys sorted; "" key shown as `none`. */
export function mapText(m: Record<string, number>, round = true): string {
  return Object.keys(m)
    .map((k) => [k === "" ? "none" : k, round ? Math.round(m[k]!) : m[k]] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(";");
}
