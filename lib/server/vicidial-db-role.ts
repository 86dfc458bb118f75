/**
 * The once-only role "vicidial-db" (issue 13): on the leader instance, polls VICIdial's
 * database once a second (lib/sources/vicidial-db/poller.ts, VICIDIAL_DB_URL) and turns each
 * poll into
 *
 * - the dialer state (lib/dialer/figures.ts) for the live engine and its fan-out, and for the
 *   other instances `source_status` rows (lib/dialer/book.ts: one per campaign / in-group and
 *   one for the waiting calls, written only when their content changed);
 * - the source's link status (lib/sources/vicidial-db/link-status.ts: the banner and the `pbx_down`
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
import { PbxWrites } from "../sources/pbx/writes";
import { parseVicidialDbConfig, storedVicidialDbSchema, storedVicidialDbUrl, type VicidialDbConfig } from "../sources/vicidial-db/config";
import { findSourceConnection } from "../queries/platform-sources";
import { VicidialDbPoller, type VicidialDbStatus } from "../sources/vicidial-db/poller";
import type { VicidialDbSnapshot } from "../sources/vicidial-db/snapshot";
import { dialerState, steadyOffset } from "../dialer/figures";
import { decideCorrections, EMPTY_TRACKER, type CorrectionTracker } from "../dialer/corrections";
import { vicidialDbLinkStatus, VICIDIAL_DB_LINK } from "../sources/vicidial-db/link-status";
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
  /** From VICIDIAL_DB_URL; null when unset (then the one stored on Admin → Sources, if any). */
  private readonly envConfig: VicidialDbConfig | null;
  /** What the running poller uses. */
  private config: VicidialDbConfig | null;
  /** This instance holds the role (it is the leader). */
  private held = false;
  private poller: VicidialDbPoller | null = null;
  private writes: PbxWrites | null = null;
  private tracker: CorrectionTracker = EMPTY_TRACKER;
  private offset: number | null = null;
  private sampler = new DialerSampler();
  private lastLinkJson = "";
  private correcting = false;
  private readonly now: () => number;
  /** The VICIDIAL_DB_* settings; a stored URL is read with them (poll interval, timeouts, bounds). */
  private readonly env: Record<string, string | undefined>;

  constructor(
    private readonly db: Db,
    env: Env,
    private readonly engine: LiveEngine,
    private readonly log: Logger,
    private readonly deps: VicidialDbRoleDeps,
    private readonly options: VicidialDbRoleOptions = {},
  ) {
    // Validated at boot by lib/env.ts; null when VICIDIAL_DB_URL is unset (the role does nothing).
    this.env = env as unknown as Record<string, string | undefined>;
    this.envConfig = parseVicidialDbConfig(this.env);
    this.config = this.envConfig;
    this.now = options.now ?? Date.now;
  }

  /** True when VICIDIAL_DB_URL is set: the admin page cannot change the source then. */
  get fromEnvironment(): boolean {
    return this.envConfig !== null;
  }

  async start(): Promise<void> {
    this.held = true;
    this.config = this.envConfig ?? (await this.storedConfig());
    // Leadership may have moved on while the stored configuration was read.
    if (this.held) this.startPoller();
  }

  /**
   * Applies an admin change of the stored connection (Admin → Sources): drops the poller and,
   * unless removed or disabled, polls again with the stored configuration. "reconnect" restarts
   * the poller whatever configured it. Leader only; else a no-op. Never throws.
   */
  async apply(op: "add" | "remove" | "reconnect"): Promise<void> {
    if (!this.held) return;
    if (op !== "reconnect" && this.envConfig) return;
    const next = this.envConfig ?? (op === "remove" ? null : await this.storedConfig());
    // Removed or disabled: every instance's banner and admin page stop listing the link.
    if (!next) this.writes?.state({ statuses: [{ name: VICIDIAL_DB_LINK, status: { name: VICIDIAL_DB_LINK, state: "removed" } }] });
    await this.stopPoller();
    if (!this.held) return;
    this.config = next;
    this.lastLinkJson = "";
    if (next) this.startPoller();
    else this.engine.linksChanged([{ name: VICIDIAL_DB_LINK, state: "removed" }]);
  }

  /** The configuration stored on Admin → Sources, or null (none, disabled, or unreadable: logged). */
  private async storedConfig(): Promise<VicidialDbConfig | null> {
    try {
      const c = await findSourceConnection(this.db, VICIDIAL_DB_LINK);
      if (!c || !c.enabled || c.kind !== VICIDIAL_DB_LINK) return null;
      const stored = storedVicidialDbSchema.parse({ ...c.config, ...c.secrets });
      return parseVicidialDbConfig({ ...this.env, VICIDIAL_DB_URL: storedVicidialDbUrl(stored) });
    } catch (err) {
      this.log.warn({ err: (err as Error).message.split("\n")[0] }, "stored VICIdial database connection not used");
      return null;
    }
  }

  private startPoller(): void {
    if (!this.config || this.poller) return;
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
    this.held = false;
    await this.stopPoller();
  }

  private async stopPoller(): Promise<void> {
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
      { board: this.engine.agents.list(), agents: snapshot.agents, truncated: snapshot.truncated.agents, now, ...(this.options.correctionGraceMs !== undefined ? { graceMs: this.options.correctionGraceMs } : {}) },
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
