/**
 * Bodies of the admin API that the admin pages read (GET /api/admin/audit, /api/admin/wall-tokens,
 * /api/admin/ingest-log). They live here, not with the queries or the source that fill them,
 * so that the browser-side admin components import a shape and never a module that touches the
 * database (test/unit/layers.test.ts). Times are ms since epoch, server clock.
 */

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
