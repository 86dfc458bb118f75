/**
 * Bodies of the admin API that the admin pages read (GET /api/admin/audit, /api/admin/wall-tokens,
 * /api/admin/ingest-log, /api/admin/sources). They live here, not with the queries or the source that fill them,
 * so that the browser-side admin components import a shape and never a module that touches the
 * database (test/unit/layers.test.ts), and the route and the page cannot drift apart. Times
 * are ms since epoch, server clock.
 */
import type { PbxLinkStatus } from "../realtime/contract";

/** One row of `audit_log`: a configuration change, who made it and when. */
export interface AuditEntry {
  id: number;
  /** ms, server clock. */
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
}

/** A read-only display URL's token as listed (never the token itself: only its sha256 is stored). */
export interface WallTokenRecord {
  id: number;
  name: string;
  campaigns: string[];
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
}

/** One event a source received, with how it was interpreted or why it was refused. */
export interface IngestLogEntry {
  /** ms, server clock. */
  at: number;
  source: string;
  status: number;
  /** stored, duplicate, spooled; null when refused. */
  outcome: string | null;
  user: string | null;
  event: string | null;
  message: string | null;
  campaign: string | null;
  /** e.g. "state → READY/CLOSER", "informational", or the refusal reason. */
  interpretation: string;
}

/** One link as Admin → Sources lists it (GET /api/admin/sources `connections`): never a secret, only whether it is set. */
export interface SourceRow {
  name: string;
  kind: string;
  url: string | null;
  login: string | null;
  customerId: string | null;
  username: string | null;
  hasPassword: boolean;
  hasAccessKey: boolean;
  enabled: boolean;
  /** Configured by the environment: read-only here. */
  fromEnv: boolean;
  /** The running link's status (platform links add when their last error was); null when not running. */
  status: (PbxLinkStatus & { lastErrorAt?: number | null }) | null;
}

/** A source type as Admin → Sources describes it (GET /api/admin/sources `types`). */
export interface SourceTypeRow {
  kind: string;
  label: string;
  placement: "endpoint" | "link";
  gives: string;
  configurable: boolean;
}
