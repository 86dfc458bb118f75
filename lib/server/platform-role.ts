/**
 * The once-only role holding the platform links (XiVO XuC, VoIPBin; issue 15) on the leader
 * instance: the connections the environment configures (XUC_URL, VOIPBIN_URL) and those an
 * admin stored (`source_connection`). What the links report is routed by
 * lib/sources/platform/router.ts; the other instances learn it through PostgreSQL (agent
 * events, calls, source_status rows for link statuses and queue figures).
 */
import type { Db } from "../db/prisma";
import type { Env } from "../env";
import type { Logger } from "../log";
import type { AppendOutcome, IncomingAgentEvent } from "../events/types";
import { PbxWrites } from "../sources/pbx/writes";
import { PlatformHub, type PlatformConnection } from "../sources/platform/hub";
import { FIGURES_STATUS_PREFIX, PlatformRouter } from "../sources/platform/router";
import { PLATFORM_TYPES } from "../sources/registry";
import { findSourceConnection, listIdentityLinks, listSourceConnections, upsertPlatformAgents, type SourceConnectionRecord } from "../queries/platform-sources";
import { seedQueueConfigs } from "../queries/queues";
import type { LiveEngine } from "./live-engine";
import type { OnceOnlyRole } from "./leadership";
import { applyConnectionChange, type ConnectionOp } from "./connection-change";
import { coalescedRun } from "./coalesced-run";

/** Longest raw frame kept in pbx_frame, characters (as the PBX's). */
const MAX_STORED_FRAME = 65_536;

export interface PlatformRoleDeps {
  /** The event store's append. */
  append(event: IncomingAgentEvent): Promise<AppendOutcome>;
  /** Tells every instance (this one included) to re-read the roster or the queues. */
  notify(kind: "roster" | "queues"): Promise<void>;
}

/** The configuration a stored connection gives its link: secrets merged back, validated again. */
export function connectionConfig(c: Pick<SourceConnectionRecord, "kind" | "name" | "config" | "secrets">): PlatformConnection {
  const type = PLATFORM_TYPES.get(c.kind);
  if (!type?.configSchema) throw new Error(`unknown platform source kind "${c.kind}"`);
  return { kind: c.kind, name: c.name, config: type.configSchema.parse({ ...c.config, ...c.secrets, name: c.name, kind: c.kind }) };
}

/** The connections the environment configures (already validated at boot by lib/env.ts). */
export function environmentConnections(env: Env): PlatformConnection[] {
  const out: PlatformConnection[] = [];
  for (const type of PLATFORM_TYPES.values()) {
    const config = type.fromEnv?.(env) as { name: string } | null | undefined;
    if (config) out.push({ kind: type.kind, name: config.name, config });
  }
  return out;
}

export class PlatformRole implements OnceOnlyRole {
  readonly name = "platform-links";
  private hub: PlatformHub | null = null;
  private router: PlatformRouter | null = null;
  private writes: PbxWrites | null = null;
  private readonly fromEnv: Set<string>;

  constructor(
    private readonly db: Db,
    private readonly env: Env,
    private readonly engine: LiveEngine,
    private readonly log: Logger,
    private readonly deps: PlatformRoleDeps,
  ) {
    this.fromEnv = new Set(environmentConnections(env).map((c) => c.name));
  }

  async start(): Promise<void> {
    const { env, engine, log, db } = this;
    const writes = new PbxWrites(db, { frameQueueMax: env.PBX_FRAME_QUEUE_MAX, callQueueMax: env.PBX_CALL_QUEUE_MAX, log });
    const router = new PlatformRouter({
      append: (e) => this.deps.append(e),
      applyCalls: (calls) => engine.applyRemoteCalls(calls),
      storeCalls: (calls) => writes.calls(calls),
      storeFrame: (source, platform, text, receivedAt) => writes.frame({ pbx: source, receivedAt, action: platform, raw: text.slice(0, MAX_STORED_FRAME) }),
      figures: (queue, figures) => {
        engine.setPlatformFigures(queue, figures);
        writes.state({ statuses: [{ name: FIGURES_STATUS_PREFIX + queue, status: figures ?? { removed: true } }] });
      },
      saveAgents: async (rows) => {
        await upsertPlatformAgents(db, rows);
        await this.deps.notify("roster");
      },
      ensureQueues: async (configs) => {
        await seedQueueConfigs(db, configs);
        await this.deps.notify("queues");
      },
      defaultServiceLevelSec: env.SERVICE_LEVEL_SEC,
      log,
    });
    router.setIdentityLinks(await listIdentityLinks(db));
    const hub = new PlatformHub(router, {
      onLinks: (links) => {
        writes.state({ statuses: links.map((l) => ({ name: l.name, status: l })) });
        engine.linksChanged(links);
      },
      log,
    });
    this.writes = writes;
    this.router = router;
    this.hub = hub;
    engine.setLocalLinks("platform", () => hub.status());
    for (const c of environmentConnections(env)) hub.add(c);
    for (const c of await listSourceConnections(db)) if (c.enabled && PLATFORM_TYPES.has(c.kind) && !this.fromEnv.has(c.name)) this.addStored(c);
  }

  async stop(): Promise<void> {
    const hub = this.hub;
    this.hub = null;
    this.router = null;
    this.engine.setLocalLinks("platform", null);
    await hub?.close();
    await this.writes?.idle();
    this.writes = null;
  }

  /** Applies an admin change of one stored connection (read from the database). Leader only; else a no-op. */
  async apply(op: ConnectionOp, name: string): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    await applyConnectionChange(op, name, {
      reconnect: (n) => hub.reconnect(n),
      // The environment's links change only with the environment (a reload or restart).
      fixed: (n) => this.fromEnv.has(n),
      remove: (n) => {
        if (hub.remove(n)) this.writes?.state({ statuses: [{ name: n, status: { name: n, state: "removed" } }] });
      },
      find: (n) => findSourceConnection(this.db, n),
      add: (c) => {
        if (PLATFORM_TYPES.has(c.kind)) this.addStored(c);
      },
    });
  }

  /** Re-reads the roster's identity links (after a roster change), one read at a time (./coalesced-run.ts). Leader only. */
  readonly reloadIdentityLinks = coalescedRun(async (): Promise<void> => {
    if (this.router) this.router.setIdentityLinks(await listIdentityLinks(this.db));
  });

  /** Names of the links configured by the environment (not editable on the admin page). */
  environmentNames(): ReadonlySet<string> {
    return this.fromEnv;
  }

  private addStored(c: SourceConnectionRecord): void {
    try {
      this.hub?.add(connectionConfig(c));
    } catch (err) {
      this.log.warn({ source: c.name, err: (err as Error).message.split("\n")[0] }, "stored platform connection not started");
    }
  }
}
