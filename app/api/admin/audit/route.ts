/**
 * GET /api/admin/audit[?limit=N]: the latest configuration changes (who, when, what), newest
 * first (default 200, at most 1000; a limit that is not a number or is 0 reads as 200).
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { recentAudit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

const query = z.object({
  limit: z.preprocess((v) => Number(v) || 200, z.number()).transform((n) => Math.min(1000, Math.max(1, n))),
});

export const GET = adminRoute({ query }, async ({ runtime, query }) => ({ entries: await recentAudit(runtime.db, query.limit) }));
