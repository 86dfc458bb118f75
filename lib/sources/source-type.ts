/**
 * What every kind of data source declares (issue 15 §1), in the manner of Uptime Kuma's
 * monitor types: a small description per type and one list (./registry.ts).
 *
 * Two placements:
 * - `endpoint`: the other system calls us (VICIdial's Agent Events Push, the agent-screen
 *   hook). One per server, configured by the push token; the class extends ./source.ts.
 * - `link`: we connect to the other system (Vodia PBX, XiVO XuC, VoIPBin), one link per
 *   configured connection, held by the leader instance (lib/server/once-only-roles.ts).
 *   Vodia's links are hosted by lib/sources/vodia/hub.ts (its frames are calls and phone states);
 *   the platform links emit neutral events (./neutral-events.ts) routed by ./platform/router.ts.
 */
import type { z } from "zod";
import type { LinkDeps } from "./link/link-base";
import type { SourceLinkStatus } from "./neutral-events";

/** A running platform link (XuC, VoIPBin). */
export interface PlatformLink {
  start(): void;
  stop(): void;
  status(): SourceLinkStatus;
}

/**
 * One kind of source. `Deps` and `Link` are what its links need and are: the platform links
 * (neutral events) take {@link LinkDeps}; Vodia's link hands its frames to its hub.
 */
export interface SourceType<Config = unknown, Deps = LinkDeps, Link = PlatformLink> {
  /** Stored in `source_connection.kind` and events' `source`, e.g. "xuc". */
  kind: string;
  /** Name shown to admins, e.g. "XiVO XuC". */
  label: string;
  placement: "endpoint" | "link";
  /** One sentence for the admin page: what this source gives the wall. */
  gives: string;
  /** Links configured from the admin pages: the schema of one connection (zod). */
  configSchema?: z.ZodType<Config>;
  /** Fields of the configuration that are secrets: stored apart, never shown again. */
  secretFields?: readonly string[];
  /** The connection the environment configures, or null; throws a zod error on bad values. */
  fromEnv?(env: Readonly<Record<string, unknown>>): Config | null;
  /** Creates a (stopped) link to one configured connection. */
  createLink?(config: Config, deps: Deps): Link;
}
