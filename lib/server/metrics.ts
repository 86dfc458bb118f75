/**
 * What an operator watches (issue 12 §3), in Prometheus' text format at GET /metrics
 * (prom-client): events received / stored / duplicate / spooled / refused per source, commit
 * latency, the lag from commit to fan-out (local and replicated), connected clients, link
 * states, which instance holds the once-only roles, the live board's late events and
 * evictions, the history rollup's runs, plus Node's process metrics. One registry per process
 * (each worker answers for itself).
 */
import client from "prom-client";

export type EventOutcomeLabel = "received" | "stored" | "duplicate" | "merged" | "spooled" | "refused" | "failed";

export class WallboardMetrics {
  readonly registry = new client.Registry();
  private readonly events: client.Counter<"source" | "outcome">;
  private readonly commitSeconds: client.Histogram<never>;
  private readonly fanoutLagSeconds: client.Histogram<"origin">;
  private readonly clients: client.Gauge<never>;
  private readonly links: client.Gauge<"link" | "state">;
  private readonly leader: client.Gauge<"role">;
  private readonly liveAgents: client.Gauge<never>;
  private readonly spooling: client.Gauge<never>;
  private readonly lateEvents: client.Counter<never>;
  private readonly evictions: client.Counter<never>;
  private readonly awaitingReload: client.Gauge<never>;
  private readonly rollupRuns: client.Counter<"complete">;
  private readonly rollupAgentDays: client.Counter<never>;
  private readonly rollupLastRunSeconds: client.Gauge<never>;
  private readonly rollupLastRunAt: client.Gauge<never>;
  private readonly connections: client.Counter<never>;
  /** The board's own running totals at the last {@link sample}: counters advance by the difference. */
  private sampled = { lateEvents: 0, evicted: 0 };

  constructor(labels: { instance: string }) {
    this.registry.setDefaultLabels(labels);
    client.collectDefaultMetrics({ register: this.registry, prefix: "wallboard_" });
    const r = [this.registry];
    this.events = new client.Counter({ name: "wallboard_events_total", help: "Agent events by source and what became of them", labelNames: ["source", "outcome"], registers: r });
    this.commitSeconds = new client.Histogram({
      name: "wallboard_commit_seconds",
      help: "Time from a push's arrival to its commit (or spool fsync)",
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    });
    this.fanoutLagSeconds = new client.Histogram({
      name: "wallboard_fanout_lag_seconds",
      help: "Time from an event's arrival (at whichever instance) to its fan-out here; origin local or replicated",
      labelNames: ["origin"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: r,
    });
    this.clients = new client.Gauge({ name: "wallboard_socket_clients", help: "Connected Socket.IO clients", registers: r });
    this.links = new client.Gauge({ name: "wallboard_link_up", help: "1 when a source link is in the state named by the label", labelNames: ["link", "state"], registers: r });
    this.leader = new client.Gauge({ name: "wallboard_once_only_role", help: "1 when this instance holds the once-only role", labelNames: ["role"], registers: r });
    this.liveAgents = new client.Gauge({ name: "wallboard_live_agents", help: "Agents on the live board", registers: r });
    this.spooling = new client.Gauge({ name: "wallboard_ingest_spooling", help: "1 while ingest spools to disk because PostgreSQL is unreachable", registers: r });
    this.lateEvents = new client.Counter({
      name: "wallboard_late_events_total",
      help: "Events too late for their agent's event log on the live board (lib/agents/event-log.ts): the agent is re-derived from PostgreSQL",
      registers: r,
    });
    this.connections = new client.Counter({
      name: "wallboard_http_connections_total",
      help: "TCP connections accepted by the HTTP server: get2post.php opens one per push; a proxy in front that keeps its connections (deploy/haproxy.cfg) opens few",
      registers: r,
    });
    this.evictions = new client.Counter({ name: "wallboard_live_agents_evicted_total", help: "Agents evicted from a full live board (MAX_LIVE_AGENTS), silent longest first", registers: r });
    this.awaitingReload = new client.Gauge({ name: "wallboard_agents_awaiting_reload", help: "Agents with a late event, waiting to be re-derived from PostgreSQL", registers: r });
    this.rollupRuns = new client.Counter({
      name: "wallboard_history_rollup_runs_total",
      help: "Runs of the history rollup on this instance; complete=false: a time budget or a stop left dirty rows for the next run",
      labelNames: ["complete"],
      registers: r,
    });
    this.rollupAgentDays = new client.Counter({ name: "wallboard_history_rollup_agent_days_total", help: "Agent-days re-derived by the history rollup on this instance", registers: r });
    this.rollupLastRunSeconds = new client.Gauge({ name: "wallboard_history_rollup_last_run_seconds", help: "How long the last history rollup run took (the periodic job is paced: about twice its work)", registers: r });
    this.rollupLastRunAt = new client.Gauge({ name: "wallboard_history_rollup_last_run_timestamp_seconds", help: "When the last history rollup run ended (Unix seconds): the rolled-up history is current up to about then", registers: r });
  }

  /** A history rollup run ended (lib/history/rollup.ts RollupResult: `ms` its wall time). */
  rollupRun(result: { agentDays: number; complete: boolean; ms: number }, endedAtMs = Date.now()): void {
    this.rollupRuns.inc({ complete: String(result.complete) });
    this.rollupAgentDays.inc(result.agentDays);
    this.rollupLastRunSeconds.set(result.ms / 1000);
    this.rollupLastRunAt.set(endedAtMs / 1000);
  }

  event(source: string, outcome: EventOutcomeLabel, n = 1): void {
    this.events.inc({ source, outcome }, n);
  }

  /** One TCP connection accepted (Node accepts one per turn of its event loop: deploy/haproxy.cfg). */
  connectionAccepted(): void {
    this.connections.inc();
  }

  commit(seconds: number): void {
    this.commitSeconds.observe(seconds);
  }

  fannedOut(origin: "local" | "replicated", seconds: number): void {
    this.fanoutLagSeconds.observe({ origin }, seconds);
  }

  /**
   * Refreshes what is read from live objects (called when /metrics is scraped). `board`: the
   * live board's running totals since start (lib/agents/agent-book.ts lateEventsIgnored,
   * evicted) and the agents waiting for a reload now; a total lower than last time (a new
   * board) adds nothing.
   */
  sample(s: {
    clients: number;
    liveAgents: number;
    spooling: boolean;
    links: { name: string; state: string }[];
    roles: { name: string; held: boolean }[];
    board?: { lateEvents: number; evicted: number; awaitingReload: number };
  }): void {
    if (s.board) {
      const { lateEvents, evicted, awaitingReload } = s.board;
      if (lateEvents > this.sampled.lateEvents) this.lateEvents.inc(lateEvents - this.sampled.lateEvents);
      if (evicted > this.sampled.evicted) this.evictions.inc(evicted - this.sampled.evicted);
      this.sampled = { lateEvents, evicted };
      this.awaitingReload.set(awaitingReload);
    }
    this.clients.set(s.clients);
    this.liveAgents.set(s.liveAgents);
    this.spooling.set(s.spooling ? 1 : 0);
    this.links.reset();
    for (const l of s.links) this.links.set({ link: l.name, state: l.state }, 1);
    this.leader.reset();
    for (const r of s.roles) this.leader.set({ role: r.name }, r.held ? 1 : 0);
  }

  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
