/**
 * GET /api/admin/pbx: the stored PBX connections (never their password or session: only
 * `hasPassword` / `hasSession`) merged with the live link status, plus the link configured by
 * PBX_URL ("env", read-only here).
 *
 * POST `{ name, url, session?, username?, password?, enabled, clearPassword?, clearSession? }`:
 * creates or updates a connection and applies it at once (the link is dropped and, when
 * enabled, connected again). On update an empty password or session keeps the stored one;
 * `clearPassword` / `clearSession` remove it.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { id, looseText, optionalText, wsUrl } from "../_lib/fields";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { listPbxConnections, upsertPbxConnection } from "@/lib/queries/pbx-connections";
import { findPbxConnection } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => {
  const links = new Map(runtime.pbxLinks().map((l) => [l.name, l]));
  const stored = await listPbxConnections(runtime.db);
  const connections = stored.map((c) => ({
    name: c.name,
    url: c.url,
    username: c.username,
    hasPassword: !!c.password,
    hasSession: !!c.session,
    enabled: c.enabled,
    fromEnv: false,
    status: links.get(c.name) ?? null,
  }));
  for (const l of links.values()) {
    if (!stored.some((c) => c.name === l.name)) {
      connections.push({ name: l.name, url: l.url, username: null, hasPassword: false, hasSession: false, enabled: true, fromEnv: l.name === "env", status: l });
    }
  }
  return { serverTime: runtime.now(), connections };
});

/** The fields of a connection; on update an empty password or session keeps the stored one. */
const body = z.object({
  name: id("name").refine((n) => n !== "env", 'the name "env" is reserved for the connection configured by PBX_URL'),
  url: wsUrl,
  username: optionalText("user name", 200),
  password: looseText.transform((v) => v || null).pipe(z.string().max(500, "password is longer than 500 characters").nullable()),
  session: looseText.transform((v) => v?.trim() || null).pipe(z.string().max(2000, "session is longer than 2000 characters").nullable()),
  /** Absent: enabled; anything but `true` disables. */
  enabled: z.boolean().optional().catch(false).transform((v) => v ?? true),
  clearPassword: z.boolean().catch(false),
  clearSession: z.boolean().catch(false),
});

export const POST = adminRoute({ body }, async ({ actor, runtime, body: { name, url, username, password, session, enabled, clearPassword, clearSession } }) => {
  const existing = await findPbxConnection(runtime.db, name);
  const record = {
    name,
    url,
    username,
    password: clearPassword ? null : (password ?? existing?.password ?? null),
    session: clearSession ? null : (session ?? existing?.session ?? null),
    enabled,
  };
  if (record.password && !record.username) throw new AdminError(400, "a password needs a user name");
  if (!record.session && !(record.username && record.password)) throw new AdminError(400, "give a user name and password, or a session cookie: the PBX refuses the WebSocket without one");
  await upsertPbxConnection(runtime.db, record);
  runtime.pbx.remove(name);
  if (enabled) runtime.pbx.add(record);
  await audit(runtime.db, actor, existing ? "pbx.update" : "pbx.create", name, {
    url,
    username,
    enabled,
    passwordChanged: (existing?.password ?? null) !== record.password,
    sessionChanged: (existing?.session ?? null) !== record.session,
  });
  return { ok: true, created: !existing };
});
