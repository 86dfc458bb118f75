/**
 * Alerts on the wall (lib/alerts/types.ts, README "Alerts"): the realtime `alert` feed applied
 * to the wall's list, their order, what they point at (tiles, queue blocks), how their start
 * is written, and when the wall should sound. Pure; times are ms, server clock.
 */
import { withEntry } from "./immutable-map";
import type { AlertView } from "../alerts/types";
import { formatDuration } from "../format/duration";
import { formatClockTime } from "./pbx";
import { longestWaitSeconds, type QueueMap } from "./queues";

/** Active alerts by id. Treated as immutable: every change returns a new map. */
export type AlertMap = ReadonlyMap<string, AlertView>;

export const EMPTY_ALERTS: AlertMap = new Map();

/** A `snapshot` replaces every alert. */
export function applyAlertsSnapshot(alerts: readonly AlertView[]): AlertMap {
  return new Map(alerts.map((a) => [a.id, a]));
}

/**
 * An `alert` message: `raised` and `updated` upsert by id, `cleared` removes. Returns `current`
 * itself when nothing changes (a cleared alert the wall never had), so React skips a render.
 */
export function applyAlertMessage(current: AlertMap, alert: AlertView, state: "raised" | "updated" | "cleared"): AlertMap {
  return withEntry(current, alert.id, state === "cleared" ? undefined : alert);
}

const SEVERITY_RANK: Record<AlertView["severity"], number> = { critical: 0, warning: 1 };

/** Critical first, then the oldest (the one waiting longest for attention), then by id. */
export function sortAlerts(alerts: Iterable<AlertView>): AlertView[] {
  return [...alerts].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.since - b.since || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Whether an alert concerns a wall showing `campaigns` (null: every campaign). */
export function alertConcerns(alert: AlertView, campaigns: readonly string[] | null): boolean {
  if (campaigns === null || alert.campaigns.length === 0) return true;
  return alert.campaigns.some((c) => campaigns.includes(c));
}

/** The strongest severity per agent (`user`) and per queue, to highlight tiles and queue blocks. */
export function alertTargets(alerts: Iterable<AlertView>): {
  users: ReadonlyMap<string, AlertView["severity"]>;
  queues: ReadonlyMap<string, AlertView["severity"]>;
  /** VICIdial in-groups and dialer campaigns (issue 13). */
  inGroups: ReadonlyMap<string, AlertView["severity"]>;
  dialerCampaigns: ReadonlyMap<string, AlertView["severity"]>;
} {
  const users = new Map<string, AlertView["severity"]>();
  const queues = new Map<string, AlertView["severity"]>();
  const inGroups = new Map<string, AlertView["severity"]>();
  const dialerCampaigns = new Map<string, AlertView["severity"]>();
  const put = (m: Map<string, AlertView["severity"]>, k: string, s: AlertView["severity"]) => {
    if (m.get(k) !== "critical") m.set(k, s);
  };
  for (const a of alerts) {
    if (a.user) put(users, a.user, a.severity);
    if (a.queue) put(queues, a.queue, a.severity);
    if (a.inGroup) put(inGroups, a.inGroup, a.severity);
    if (a.dialerCampaign) put(dialerCampaigns, a.dialerCampaign, a.severity);
  }
  return { users, queues, inGroups, dialerCampaigns };
}

/** An icon per alert type (shown with the words, never alone). */
export const ALERT_ICON: Readonly<Record<AlertView["type"], string>> = {
  calls_waiting: "☎",
  longest_wait: "◷",
  service_level: "◔",
  pause_limit: "‖",
  agent_stale: "⊘",
  pbx_down: "⚡",
  drop_rate: "↘",
  hopper_low: "▽",
  no_dialable_leads: "∅",
  ingroup_calls_waiting: "☎",
};

export const SEVERITY_WORD: Readonly<Record<AlertView["severity"], string>> = { critical: "CRITICAL", warning: "WARNING" };

/** `since 10:03:12 (2:05 ago)`: when the alert began, in `timeZone` (default: the browser's). */
export function alertSinceText(since: number, serverNow: number | null, timeZone?: string): string {
  const at = formatClockTime(since, timeZone);
  return serverNow === null ? `since ${at}` : `since ${at} (${formatDuration((serverNow - since) / 1000)} ago)`;
}

/** Repeat interval of the alert sound while an alert is active, seconds. */
export const DEFAULT_SOUND_REPEAT_SEC = 60;

export interface SoundState {
  /** Alert ids heard so far (a newly raised one sounds at once). */
  heard: ReadonlySet<string>;
  /** When the sound last played, ms (browser clock); null: never. */
  lastPlayedAt: number | null;
}

export const INITIAL_SOUND: SoundState = { heard: new Set(), lastPlayedAt: null };

/**
 * Whether to sound now (`now`, ms browser clock): when an alert was raised since the last
 * check, or every `repeatSec` while any alert is active. Muted: never, but alerts raised while
 * muted count as heard (unmuting does not replay them at once). Returns the next state too.
 */
export function soundDecision(
  state: SoundState,
  alerts: Iterable<AlertView>,
  now: number,
  options: { muted: boolean; repeatSec: number },
): { play: boolean; state: SoundState } {
  const ids = new Set<string>();
  for (const a of alerts) ids.add(a.id);
  const fresh = [...ids].some((id) => !state.heard.has(id));
  if (ids.size === 0) return { play: false, state: { heard: ids, lastPlayedAt: state.lastPlayedAt } };
  const due = state.lastPlayedAt === null || now - state.lastPlayedAt >= options.repeatSec * 1000;
  const play = !options.muted && (fresh || due);
  return { play, state: { heard: ids, lastPlayedAt: play ? now : options.muted && fresh ? now : state.lastPlayedAt } };
}

/**
 * The live figure a queue alert is about, from the wall's queue statistics (the same object
 * the queue card shows, so the alert never says another number): `9 calls waiting`, `1:25`.
 * Null for other alerts or when the queue is not on the wall.
 */
export function alertFigure(alert: AlertView, queues: QueueMap | undefined, serverNow: number | null): { text: string; count: number | null } | null {
  const q = alert.queue ? queues?.get(alert.queue) : undefined;
  if (!q) return null;
  if (alert.type === "calls_waiting") return { text: `${q.waiting} ${q.waiting === 1 ? "call" : "calls"} waiting`, count: q.waiting };
  if (alert.type === "longest_wait") return { text: `longest wait ${formatDuration(longestWaitSeconds(q, serverNow))}`, count: null };
  return null;
}
