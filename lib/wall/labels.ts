/**
 * What an agent tile says in words. Status is always shown as text as well as colour, so the
 * wall reads without colour vision and on washed-out TVs.
 */
import type { AgentNotice } from "../agents/state";
import type { AgentView } from "../agents/view";

/**
 * Status word (`INCALL`, `LOGGED OUT`) and its detail: pause code when PAUSED, disposition in
 * DISPO; `detailSource` says where a pause code came from, in words (README "Pause codes").
 */
export interface StateLabel {
  status: string;
  detail: string | null;
  detailSource: string | null;
}

const PAUSE_CODE_SOURCES: Record<NonNullable<AgentView["pauseCodeSource"]>, string> = {
  "agent-screen": "pause code picked on the agent screen (wallboard hook)",
  "push-message": "pause code written in the push message",
  database: "pause code from VICIdial's database",
  platform: "pause reason reported by the telephony platform",
};

/**
 * What contradicts the agent's state, for the tile's warning: the phone (READY on DND, ...) or
 * another system the person is linked to (issue 15 §4); null when nothing does.
 */
export function mismatchOf(agent: Pick<AgentView, "phoneMismatch" | "sourceMismatch">): string | null {
  return agent.phoneMismatch ?? agent.sourceMismatch ?? null;
}

/**
 * The tile's note when VICIdial's database corrected the agent (a lost push): `corrected from
 * VICIdial DB (was READY)`; null without a correction.
 */
export function correctionText(agent: Pick<AgentView, "correction">): string | null {
  const c = agent.correction;
  if (!c) return null;
  return `↻ corrected from VICIdial DB (was ${c.from === "LOGGED_OUT" ? "LOGGED OUT" : c.from})`;
}

export function stateLabel(agent: Pick<AgentView, "state" | "pauseCode" | "disposition" | "pauseCodeSource">): StateLabel {
  const status = agent.state === "LOGGED_OUT" ? "LOGGED OUT" : agent.state;
  let detail: string | null = null;
  let detailSource: string | null = null;
  if (agent.state === "PAUSED") {
    detail = agent.pauseCode;
    detailSource = agent.pauseCodeSource ? PAUSE_CODE_SOURCES[agent.pauseCodeSource] : null;
  } else if (agent.state === "DISPO") detail = agent.disposition;
  detail = detail?.trim() || null;
  return { status, detail, detailSource: detail ? detailSource : null };
}

/** How long (ms) an informational event (agent_alert, …) stays on the tile. */
export const NOTICE_MAX_AGE_MS = 60_000;

/**
 * The notice to show at `serverNow` (ms, server clock): the agent's last informational event
 * if it is at most `maxAgeMs` old, else null. Old notices are hidden because they describe
 * a moment, not the agent's state.
 */
export function recentNotice(
  notice: AgentNotice | null,
  serverNow: number,
  maxAgeMs: number = NOTICE_MAX_AGE_MS,
): AgentNotice | null {
  if (!notice) return null;
  return serverNow - notice.at <= maxAgeMs ? notice : null;
}

/** `agent_alert: Call your supervisor` — the event, then its message when there is one. */
export function noticeText(notice: AgentNotice): string {
  const message = notice.message?.trim();
  return message ? `${notice.event}: ${message}` : notice.event;
}

/**
 * The campaign id from a `/wall/[campaign]` route param. Next may hand the segment still
 * percent-encoded; VICIdial campaign ids are plain ASCII words, so decoding once is safe, and
 * a malformed escape is kept as typed rather than failing the page.
 */
export function campaignFromParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}
