/**
 * The platform links (XiVO XuC, VoIPBin) the leader instance holds: one link per configured
 * connection, created through the source registry, all reporting to one router (./router.ts).
 * Link statuses are shaped like the PBX's (lib/realtime/contract.ts PbxLinkStatus, with
 * `kind`) so the banner, the alerts and the admin page treat every link alike.
 */
import type { PbxLinkStatus } from "../../realtime/contract";
import type { LinkLogger } from "../link/link-base";
import { LinkHub } from "../link/link-hub";
import type { SourceLinkStatus } from "../neutral-events";
import { PLATFORM_TYPES } from "../registry";
import type { PlatformLink } from "../source-type";
import type { PlatformRouter } from "./router";

/** One connection to start: its kind (registry) and its validated configuration. */
export interface PlatformConnection {
  kind: string;
  name: string;
  config: unknown;
}

/** A platform link's status in the shape every link shares. */
export function toLinkStatus(s: SourceLinkStatus): PbxLinkStatus & { kind: string; lastErrorAt: number | null; counters: Record<string, number> } {
  return {
    name: s.name,
    kind: s.platform,
    url: s.url,
    // "stopped" only while a link is being removed or the role handed over: not connected.
    state: s.state === "stopped" ? "down" : s.state,
    since: s.since,
    lastFrameAt: s.lastFrameAt,
    reconnects: s.reconnects,
    lastError: s.lastError,
    lastErrorAt: s.lastErrorAt,
    malformedFrames: s.malformedFrames,
    counters: s.counters,
  };
}

export class PlatformHub extends LinkHub<PlatformLink, PbxLinkStatus> {
  constructor(
    private readonly router: PlatformRouter,
    private readonly options: { onLinks: (links: PbxLinkStatus[]) => void; log: LinkLogger },
  ) {
    super();
  }

  /**
   * Creates and starts the link of a connection (replacing one of the same name). Throws when
   * the kind is not a platform type.
   */
  add(c: PlatformConnection): void {
    const type = PLATFORM_TYPES.get(c.kind);
    if (!type?.createLink) throw new Error(`unknown platform source kind "${c.kind}"`);
    this.remove(c.name);
    const link = type.createLink(c.config, {
      sink: this.router.sinkFor(c.name, c.kind as SourceLinkStatus["platform"]),
      onStatus: () => this.options.onLinks(this.status()),
      log: this.options.log,
    });
    this.links.add(c.name, link);
  }

  /** Stops and forgets a link; its queues lose their platform figures. */
  remove(name: string): boolean {
    if (!this.links.remove(name)) return false;
    this.router.forget(name);
    this.options.onLinks(this.status());
    return true;
  }

  protected statusOf(link: PlatformLink): PbxLinkStatus {
    return toLinkStatus(link.status());
  }

  async close(): Promise<void> {
    this.links.stopAll(true);
    await this.router.flush();
  }
}
