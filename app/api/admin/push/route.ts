/**
 * GET /api/admin/push: the push token, the two Agent Push URLs to paste into VICIdial, the
 * agc/options.php lines of the agent-screen hook, and whether the token can be rotated here.
 */
import { adminRoute } from "@/app/api/_lib/route";
import { pushUrls } from "@/lib/sources/vicidial/push-urls";
import { hookSnippet } from "@/lib/sources/vicidial/hook-snippet";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => {
  const token = runtime.pushToken();
  return { token, ...pushUrls(runtime.publicUrl(), token), hookSnippet: hookSnippet(runtime.publicUrl(), token), ingest: runtime.ingest() };
});
