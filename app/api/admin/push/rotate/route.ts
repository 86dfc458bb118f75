/**
 * POST /api/admin/push/rotate: replaces the push token; the old one gets 401 from the next
 * request on. 409 when PUSH_TOKEN is set in the environment.
 */
import { adminRoute } from "@/app/api/_lib/route";

export const dynamic = "force-dynamic";

export const POST = adminRoute({}, async ({ actor, runtime }) => ({ token: await runtime.admin.rotatePushToken(actor) }));
