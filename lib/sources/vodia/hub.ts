/**
 * The PBX side of the wallboard: the configured PBX links (source adapters), the raw-frame
 * store, and the call and phone state derived from the frames.
 *
 * source (VodiaPbxSource) → frame store (pbx_frame) and CallBook/accounts (state) → listeners
 * (fan-out). Frames are applied at once and persisted in order by group commit: nothing is
 * acknowledged to the PBX, so the state need not wait for the commit; the calls are stored
 * the same way, which is what statistics are rebuilt from after a restart. Both write queues
 * are bounded (./writes.ts): during a database outage excess frames and call writes are
 * dropped and counted, never held in memory without limit.
 */
import { createHash } from "node:crypto";
import type { Db } from "../../db/prisma";
import type { PhoneStatus } from "../../agents/view";
import type { PbxLinkStatus } from "../../realtime/contract";
import { parsePbxFrame, type AccountFrame } from "./frames";
import type { VodiaPbxSource, PbxConnectionConfig } from "./link";
import { vodiaType } from "../registry";
import type { CallBook } from "../../calls/call-book";
import type { AccountStates } from "../../calls/phones";
import { PbxWrites, type PbxWriteStats } from "../pbx/writes";
import { LinkHub } from "../link/link-hub";
import type { CallView } from "../../calls/types";

/** Longest frame text kept in pbx_frame, characters. */
const MAX_STORED_FRAME = 65_536;
/** Longest excerpt of a malformed frame in the log. */
const LOGGED_EXCERPT = 200;

export interface PbxHubOptions {
  keepAliveMs: number;
  /** ms between `domain-calls` resync snapshots per link (PBX_RESYNC_SEC). */
  resyncMs: number;
  /** Largest WebSocket message accepted from a PBX, bytes (PBX_MAX_FRAME_BYTES); a larger one drops the link. */
  maxFrameBytes: number;
  /** Frames waiting for pbx_frame beyond which new ones are dropped (PBX_FRAME_QUEUE_MAX). */
  frameQueueMax: number;
  /** Call writes waiting beyond which new ones are dropped (PBX_CALL_QUEUE_MAX). */
  callQueueMax: number;
  extensions: () => string[];
  now: () => number;
  onCalls: (changed: CallView[]) => void;
  /** The registration/DND states of one PBX connection's extensions (all of them, after any change). */
  onAccounts: (pbx: string, accounts: AccountStates) => void;
  onLinks: (links: PbxLinkStatus[]) => void;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

type Accounts = Map<string, Pick<AccountFrame, "registered" | "dnd">>;

export class PbxHub extends LinkHub<VodiaPbxSource, PbxLinkStatus> {
  private readonly accounts = new Map<string, Accounts>();
  private readonly lastSnapshotHash = new Map<string, string>();
  private readonly writes: PbxWrites;

  constructor(
    db: Db,
    private readonly calls: CallBook,
    private readonly options: PbxHubOptions,
  ) {
    super();
    this.writes = new PbxWrites(db, { frameQueueMax: options.frameQueueMax, callQueueMax: options.callQueueMax, log: options.log });
  }

  /** Frames and call writes stored, dropped (queue full) and failed since start. */
  writeStats(): PbxWriteStats & { pending: { frames: number; calls: number } } {
    return { ...this.writes.stats, pending: this.writes.pending };
  }

  /** Adds and starts a link. */
  add(config: PbxConnectionConfig): void {
    const link = vodiaType.createLink!(config, {
      keepAliveMs: this.options.keepAliveMs,
      resyncMs: this.options.resyncMs,
      maxFrameBytes: this.options.maxFrameBytes,
      extensions: this.options.extensions,
      now: this.options.now,
      minBackoffMs: this.options.minBackoffMs,
      maxBackoffMs: this.options.maxBackoffMs,
      onFrame: (text, receivedAt) => this.receive(config.name, text, receivedAt),
      onStatus: () => this.linksChanged(),
      log: (msg, detail) => this.options.log.info(detail ?? {}, msg),
    });
    this.links.add(config.name, link);
  }

  /** Stops and forgets a link (its calls stay until the next snapshot of that PBX, if any). */
  remove(name: string): boolean {
    const link = this.links.remove(name);
    if (!link) return false;
    const last = link.status();
    this.accounts.delete(name);
    // The other instances learn it from source_status (rows are never deleted there).
    this.writes.state({ statuses: [{ name, status: { ...last, state: "removed" } }] });
    this.options.onLinks(this.status());
    return true;
  }

  protected statusOf(link: VodiaPbxSource): PbxLinkStatus {
    return link.status();
  }

  refreshBlf(): void {
    for (const link of this.links.values()) link.refreshBlf();
  }

  private linksChanged(): void {
    const links = this.status();
    this.writes.state({ statuses: links.map((l) => ({ name: l.name, status: l })) });
    this.options.onLinks(links);
  }

  /** Stops the links and waits for pending writes. */
  async close(): Promise<void> {
    this.links.stopAll();
    await this.writes.idle();
  }

  private receive(pbx: string, text: string, receivedAt: number): void {
    const frame = parsePbxFrame(text);
    const store = (action: string | null) => this.writes.frame({ pbx, receivedAt, action, raw: text.slice(0, MAX_STORED_FRAME) });

    let changed: CallView[] = [];
    let accountsChanged = false;
    switch (frame.kind) {
      case "malformed":
        this.links.get(pbx)?.countMalformed();
        this.options.log.warn({ pbx, reason: frame.reason, excerpt: text.slice(0, LOGGED_EXCERPT) }, "malformed PBX frame");
        store(null);
        return;
      case "signalling":
        store("signalling");
        return;
      case "other":
        store(frame.action);
        return;
      case "domain-state": {
        // An unchanged snapshot need not be stored twice (the PBX may repeat it).
        const hash = createHash("sha1").update(text).digest("hex");
        if (this.lastSnapshotHash.get(pbx) !== hash) store("domain-state");
        this.lastSnapshotHash.set(pbx, hash);
        this.accounts.set(pbx, new Map(frame.accounts.map((a) => [a.account, { registered: a.registered, dnd: a.dnd }])));
        accountsChanged = true;
        changed = this.calls.applySnapshot(pbx, frame.calls, receivedAt);
        break;
      }
      case "user-state": {
        store("user-state");
        const accounts = this.accounts.get(pbx) ?? new Map();
        const prev = accounts.get(frame.account.account);
        const next = { registered: frame.account.registered ?? prev?.registered ?? null, dnd: frame.account.dnd ?? prev?.dnd ?? null };
        accounts.set(frame.account.account, next);
        this.accounts.set(pbx, accounts);
        accountsChanged = prev?.registered !== next.registered || prev?.dnd !== next.dnd;
        break;
      }
      case "call-state":
        store("call-state");
        changed = this.calls.applyDelta(pbx, frame.calls, receivedAt);
        break;
    }
    if (changed.length > 0) {
      this.writes.calls(changed);
      this.options.onCalls(changed);
    }
    if (accountsChanged) {
      const accounts = this.accounts.get(pbx) ?? new Map();
      this.writes.state({ pbx, accounts: [...accounts].map(([extension, a]) => ({ extension, registered: a.registered, dnd: a.dnd })) });
      this.options.onAccounts(pbx, accounts);
    }
  }

}
