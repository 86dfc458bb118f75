/**
 * GET /api/admin/roster/unrostered: users seen in pushes that are not on the roster, with
 * when they were first and last seen (ms, server clock), most recent first. The admin page's
 * test-event user is left out.
 */
import { adminRoute } from "@/app/api/_lib/route";
import { listUnrostered } from "@/lib/queries/admin-config";
import { TEST_USER } from "../../_lib/test-user";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({ agents: (await listUnrostered(runtime.db)).filter((a) => a.user !== TEST_USER) }));
