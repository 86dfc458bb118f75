/**
 * PBX link outages for the wall's banner. A link is out when it is `down`, or `connecting`
 * after having been up (a reconnect, not the first connection). The wall remembers which
 * links it has seen up and when each outage began, because a reconnecting link's `since` is
 * the start of the current attempt, not of the outage. Times are ms, server clock.
 */
import type { PbxLinkStatus } from "../realtime/contract";
import { linkKindLabel } from "../sources/link-kinds";

export interface PbxState {
  links: readonly PbxLinkStatus[];
  /** Links (by name) seen up, or known to have received frames, at some point. */
  everUp: ReadonlySet<string>;
  /** Start of each current outage (ms, server clock), by link name. */
  downSince: ReadonlyMap<string, number>;
}

export const EMPTY_PBX: PbxState = { links: [], everUp: new Set(), downSince: new Map() };

/** Applies a link list from a `pbx` message or a snapshot (it replaces the previous list). */
export function applyPbxLinks(prev: PbxState, links: readonly PbxLinkStatus[]): PbxState {
  const everUp = new Set<string>();
  const downSince = new Map<string, number>();
  for (const l of links) {
    const wasUp = prev.everUp.has(l.name) || l.state === "up" || l.lastFrameAt !== null;
    if (wasUp) everUp.add(l.name);
    const out = l.state === "down" || (l.state === "connecting" && wasUp);
    if (out) downSince.set(l.name, Math.min(prev.downSince.get(l.name) ?? l.since, l.since));
  }
  return { links: [...links], everUp, downSince };
}

export interface PbxOutage {
  name: string;
  /** Source type: "vodia" (or absent), "xuc", "voipbin". */
  kind?: string;
  state: PbxLinkStatus["state"];
  /** When the outage began, ms server clock. */
  since: number;
  reconnects: number;
  lastError: string | null;
}

/** The links currently out, longest out first; empty when all are up or none is configured. */
export function pbxOutages(state: PbxState): PbxOutage[] {
  const out: PbxOutage[] = [];
  for (const l of state.links) {
    const since = state.downSince.get(l.name);
    if (since === undefined) continue;
    out.push({ name: l.name, ...(l.kind ? { kind: l.kind } : {}), state: l.state, since, reconnects: l.reconnects, lastError: l.lastError });
  }
  return out.sort((a, b) => a.since - b.since || (a.name < b.name ? -1 : 1));
}

/**
 * A server time (ms) as `HH:MM:SS`, 24-hour, in `timeZone` (default: the browser's). The
 * header clock shows server time the same way.
 */
export function formatClockTime(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(ms);
}

/** `PBX link down since 10:03:12 (env)`: the banner's headline for one outage. */
export function outageText(outage: PbxOutage, timeZone?: string): string {
  return `${linkKindLabel(outage.kind)} link down since ${formatClockTime(outage.since, timeZone)} (${outage.name})`;
}
