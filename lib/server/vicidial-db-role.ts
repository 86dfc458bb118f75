/**
 * The once-only role "vicidial-db" (issue 13): on the leader instance, polls VICIdial's
 * database once a second (lib/sources/vicidial-db/poller.ts, VICIDIAL_DB_URL) and turns each
 * poll into
 *
 * - the dialer state (lib/dialer/figures.ts) for the live engine and its fan-out, and for the
 *   other instances `source_status` rows (lib/dialer/book.ts: one per campaign / in-group and
 *   one for the waiting calls, written only when their content changed);
 * - the source's link status (lib/dialer/link-status.ts: the banner and the `pbx_down`
 *   alert), in the live engine and, when it changes, in the `source_status` row "vicidial-db";
 * - corrections of the board from vicidial_live_agents (lib/dialer/corrections.ts), appended
 *   to the event store like any event (source "vicidial-db"), so history and replication see
 *   them;
 * - per-minute samples per campaign and in-group (lib/dialer/samples.ts → dialer_sample).
 *
 * Never blocks ingest: the poller has its own single connection and time budget; the writes
 * here are queued (latest wins) and their failures logged, never thrown.
 */
import type { Db } from "../db/prisma";
import type { Env } from "../env";
import type { Logger } from "../log";
import type { AppendOutcome, IncomingAgentEvent } from "../events/types";
import { PbxWrites } from "../calls/pbx-writes";
import { parseVicidialDbConfig, type VicidialDbConfig } from "../sources/vicidial-db/config";
import { VicidialDbPoller, type VicidialDbStatus } from "../sources/vicidial-db/poller";
import type { VicidialDbSnapshot } from "../sources/vicidial-db/snapshot";
import { dialerState, steadyOffset } from "../dialer/figures";
import { decideCorrections, EMPTY_TRACKER, type CorrectionTracker } from "../dialer/corrections";
import { vicidialDbLinkStatus, VICIDIAL_DB_LINK } from "../dialer/link-status";
import { DialerSampler, type DialerSampleRow } from "../dialer/samples";
import { upsertDialerSamples } from "../queries/dialer-samples";
import type { LiveEngine } from "./live-engine";
import type { OnceOnlyRole } from "./leadership";

export interface VicidialDbRoleDeps {
  /** The event store's append. */
  append(event: IncomingAgentEvent): Promise<AppendOutcome>;
}

export interface VicidialDbRoleOptions {
  /** How long a disagreement with vicidial_live_agents must last before it is corrected (ms). */
  correctionGraceMs?: number;
  now?: () => number;
}

/** Most correction events appended per poll (a mass disagreement is corrected over a few seconds). */
const MAX_CORRECTIONS_PER_POLL = 200;

export class VicidialDbRole implements OnceOnlyRole {
  readonly name = "vicidial-db";
  private readonly config: VicidialDbConfig | null;
  private poller: VicidialDbPoller | null = null;
  private writes: PbxWrites | null = null;
  private tracker: CorrectionTracker = EMPTY_TRACKER;
  private offset: number | null = null;
  private sampler = new DialerSampler();
  private lastLinkJson = "";
  private correcting = false;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    env: Env,
    private readonly engine: LiveEngine,
    private readonly log: Logger,
    private readonly deps: VicidialDbRoleDeps,
    private readonly options: VicidialDbRoleOptions = {},
  ) {
    // Validated at boot by lib/env.ts; null when VICIDIAL_DB_URL is unset (the role does nothing).
    this.config = parseVicidialDbConfig(env as unknown as Record<string, string | undefined>);
    this.now = options.now ?? Date.now;
  }

  /** True when VICIDIAL_DB_URL is set. */
  get configured(): boolean {
    return this.config !== null;
  }

  start(): void {
    if (!this.config) return;
    const writes = new PbxWrites(this.db, { frameQueueMax: 1, callQueueMax: 1, log: this.log });
    this.writes = writes;
    this.tracker = EMPTY_TRACKER;
    this.offset = null;
    this.sampler = new DialerSampler();
    const poller = new VicidialDbPoller(
      this.config,
      {
        onSnapshot: (snapshot) => this.onSnapshot(snapshot),
        onStatus: (status) => this.onStatus(status),
      },
      { log: this.log, now: this.now },
    );
    this.poller = poller;
    this.engine.setLocalLinks("vicidial-db", () => [vicidialDbLinkStatus(poller.status())]);
    this.log.info({ url: this.config.redactedUrl, pollMs: this.config.pollMs }, "VICIdial database source: polling");
    poller.start();
  }

  async stop(): Promise<void> {
    const poller = this.poller;
    this.poller = null;
    this.engine.setLocalLinks("vicidial-db", null);
    await poller?.stop();
    await this.writeSamples(this.sampler.flush());
    await this.writes?.idle();
    this.writes = null;
  }

  private onStatus(status: VicidialDbStatus): void {
    const link = vicidialDbLinkStatus(status);
    // Counters and times change at every failed poll; the row is written when the state or error does.
    const json = JSON.stringify([link.state, link.since, link.lastError]);
    if (json !== this.lastLinkJson) {
      this.lastLinkJson = json;
      this.writes?.state({ statuses: [{ name: VICIDIAL_DB_LINK, status: link }] });
    }
    this.engine.linksChanged([link]);
  }

  private onSnapshot(snapshot: VicidialDbSnapshot): void {
    if (!this.poller) return;
    this.offset = steadyOffset(this.offset, snapshot.dbClockOffsetMs);
    const state = dialerState(snapshot, this.offset);
    const rows = this.engine.setDialer(state);
    if (rows.length > 0) this.writes?.state({ statuses: rows });
    // The first successful poll after a failure: the status row says "up" again.
    this.onStatus(this.poller.status());
    const now = this.now();
    void this.writeSamples(this.sampler.observe(state, now));
    this.correct(snapshot, now);
  }

  /** Appends the corrections of this poll (one batch at a time; a slow store skips polls, never piles up). */
  private correct(snapshot: VicidialDbSnapshot, now: number): void {
    if (this.correcting) return;
    const decision = decideCorrections(
      { board: this.engine.board.list(), agents: snapshot.agents, truncated: snapshot.truncated.agents, now, ...(this.options.correctionGraceMs !== undefined ? { graceMs: this.options.correctionGraceMs } : {}) },
      this.tracker,
    );
    this.tracker = decision.tracker;
    const events = decision.events.slice(0, MAX_CORRECTIONS_PER_POLL);
    if (events.length === 0) return;
    this.correcting = true;
    void Promise.allSettled(events.map((e) => this.deps.append(e)))
      .then((results) => {
        const failed = results.filter((r) => r.status === "rejected").length;
        if (failed > 0) this.log.warn({ failed, of: events.length }, "VICIdial database corrections not stored (retried after the cooldown)");
        else this.log.debug({ corrections: events.map((e) => `${e.user} ${e.event} ${e.message ?? ""}`.trim()) }, "board corrected from vicidial_live_agents");
      })
      .finally(() => (this.correcting = false));
  }

  private async writeSamples(rows: DialerSampleRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await upsertDialerSamples(this.db, rows);
    } catch (err) {
      this.log.warn({ err: (err as Error).message.split("\n")[0], rows: rows.length }, "dialer samples not stored");
    }
  }
}
