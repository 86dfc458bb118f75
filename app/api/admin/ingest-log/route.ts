/**
 * GET /api/admin/ingest-log: the last events the sources received (newest first), with how
 * each was interpreted or why it was refused, and the ingest counters.
 */
import { adminRoute } from "@/app/api/_lib/route";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({ serverTime: runtime.now(), entries: runtime.ingestLog.list(), ingest: runtime.ingest() }));
