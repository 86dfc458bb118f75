/**
 * The dialer state an instance holds, and how it travels to the other instances: one
 * `source_status` row per campaign, per in-group and one for the waiting-call list (rows named
 * {@link DIALER_STATUS_PREFIX}…), written only when that row's content changed, so a busy
 * dialer writes the campaign whose counters moved, not everything once a second. Pure (the
 * caller writes the rows it is given).
 */
import type { DialerCampaign, DialerInGroup, DialerSlice, DialerWaitingCall } from "./types";

/** Prefix of the source_status rows carrying the dialer state (the link status row is "vicidial-db", without the colon). */
export const DIALER_STATUS_PREFIX = "vicidial-db:";

const CAMPAIGN = `${DIALER_STATUS_PREFIX}campaign:`;
const IN_GROUP = `${DIALER_STATUS_PREFIX}in-group:`;
const WAITING = `${DIALER_STATUS_PREFIX}waiting`;

export interface StatusRow {
  name: string;
  status: object;
}

interface WaitingRow {
  calls: DialerWaitingCall[];
  truncated: boolean;
}

const REMOVED = { removed: true } as const;

export class DialerBook {
  private readonly campaigns = new Map<string, DialerCampaign>();
  private readonly inGroups = new Map<string, DialerInGroup>();
  private waiting: WaitingRow = { calls: [], truncated: false };
  /** The JSON of each row as last set, to tell what changed. */
  private readonly written = new Map<string, string>();

  /**
   * Replaces the whole state (the leader, after a poll). Returns the rows that changed (removed
   * campaigns and in-groups as `{ removed: true }`); empty when nothing did.
   */
  replace(state: DialerSlice): StatusRow[] {
    const rows: StatusRow[] = [];
    const put = (name: string, status: object) => {
      const json = JSON.stringify(status);
      if (this.written.get(name) === json) return;
      this.written.set(name, json);
      rows.push({ name, status });
    };
    const campaignIds = new Set(state.campaigns.map((c) => c.campaign));
    for (const id of [...this.campaigns.keys()]) if (!campaignIds.has(id)) (this.campaigns.delete(id), put(CAMPAIGN + id, REMOVED));
    for (const c of state.campaigns) (this.campaigns.set(c.campaign, c), put(CAMPAIGN + c.campaign, c));
    const groupIds = new Set(state.inGroups.map((g) => g.inGroup));
    for (const id of [...this.inGroups.keys()]) if (!groupIds.has(id)) (this.inGroups.delete(id), put(IN_GROUP + id, REMOVED));
    for (const g of state.inGroups) (this.inGroups.set(g.inGroup, g), put(IN_GROUP + g.inGroup, g));
    this.waiting = { calls: state.waitingCalls, truncated: state.waitingTruncated };
    put(WAITING, this.waiting);
    return rows;
  }

  /**
   * Applies replicated rows (another instance's poll, or every row at start). Rows not named
   * with the prefix are ignored. Returns true when something changed.
   */
  applyRows(rows: readonly { name: string; status: unknown }[]): boolean {
    let changed = false;
    for (const r of rows) {
      if (!r.name.startsWith(DIALER_STATUS_PREFIX)) continue;
      const json = JSON.stringify(r.status);
      if (this.written.get(r.name) === json) continue;
      this.written.set(r.name, json);
      changed = true;
      const removed = typeof r.status === "object" && r.status !== null && "removed" in r.status;
      if (r.name.startsWith(CAMPAIGN)) {
        const id = r.name.slice(CAMPAIGN.length);
        if (removed) this.campaigns.delete(id);
        else this.campaigns.set(id, r.status as DialerCampaign);
      } else if (r.name.startsWith(IN_GROUP)) {
        const id = r.name.slice(IN_GROUP.length);
        if (removed) this.inGroups.delete(id);
        else this.inGroups.set(id, r.status as DialerInGroup);
      } else if (r.name === WAITING && !removed) {
        const w = r.status as Partial<WaitingRow>;
        this.waiting = { calls: Array.isArray(w.calls) ? w.calls : [], truncated: w.truncated === true };
      }
    }
    return changed;
  }

  /** The whole state, campaigns and in-groups by id. */
  current(): DialerSlice {
    const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
    return { campaigns: byKey(this.campaigns), inGroups: byKey(this.inGroups), waitingCalls: this.waiting.calls, waitingTruncated: this.waiting.truncated };
  }

  get size(): number {
    return this.campaigns.size + this.inGroups.size;
  }
}
