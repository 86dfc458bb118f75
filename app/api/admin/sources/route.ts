/**
 * GET /api/admin/sources: every source type (what it gives the wall), and every link with its
 * live status: the platform links (XuC, VoIPBin) stored here or configured by the environment
 * (read-only), and the PBX links (managed under Admin → PBX). Secrets are never returned:
 * only `hasPassword` / `hasAccessKey`.
 *
 * POST `{ kind, name, url, login? | customerId?, username?, password?, accessKey?,
 * clearAccessKey?, enabled? }`: creates or updates a platform link, or (kind "vicidial-db",
 * `url` mysql://user@host/asterisk and `password`; used when VICIDIAL_DB_URL is unset) the
 * VICIdial database source, and applies it at once (the
 * leader drops the link and, when enabled, connects again). The type's own schema judges the
 * configuration; an empty password or access key keeps the stored one.
 */
import { adminRoute } from "@/app/api/_lib/route";
import type { SourceRow, SourceTypeRow } from "@/lib/api/admin";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { listPbxConnections } from "@/lib/queries/pbx-connections";
import { findSourceConnection, listSourceConnections, upsertSourceConnection } from "@/lib/queries/platform-sources";
import { SOURCE_TYPES } from "@/lib/sources/registry";
import { VICIDIAL_DB_LINK } from "@/lib/sources/vicidial-db/link-status";
import { buildConnection, sourceFormSchema } from "@/lib/sources/connection-form";

export const dynamic = "force-dynamic";

/** The fields of a stored configuration an admin may see again (never secrets). */
const SHOWN = ["url", "login", "customerId", "username"] as const;

const shown = (config: Record<string, unknown>, key: (typeof SHOWN)[number]): string | null => (typeof config[key] === "string" ? (config[key] as string) : null);

export const GET = adminRoute({}, async ({ runtime }) => {
  const links = new Map(runtime.pbxLinks().map((l) => [l.name, l]));
  const envNames = runtime.sources.environmentNames();
  const stored = await listSourceConnections(runtime.db);
  const connections: SourceRow[] = stored.map((c) => ({
    name: c.name,
    kind: c.kind,
    url: shown(c.config, "url"),
    login: shown(c.config, "login"),
    customerId: shown(c.config, "customerId"),
    username: shown(c.config, "username"),
    hasPassword: !!c.secrets["password"],
    hasAccessKey: !!c.secrets["accessKey"],
    enabled: c.enabled,
    fromEnv: envNames.has(c.name),
    status: links.get(c.name) ?? null,
  }));
  for (const l of links.values()) {
    if (stored.some((c) => c.name === l.name)) continue;
    const kind = l.kind ?? "vodia";
    connections.push({ name: l.name, kind, url: l.url, login: null, customerId: null, username: null, hasPassword: false, hasAccessKey: false, enabled: true, fromEnv: kind === "vodia" ? l.name === "env" : envNames.has(l.name), status: l });
  }
  connections.sort((a, b) => a.name.localeCompare(b.name));
  return {
    serverTime: runtime.now(),
    types: SOURCE_TYPES.map((t): SourceTypeRow => ({ kind: t.kind, label: t.label, placement: t.placement, gives: t.gives, configurable: !!t.configSchema || t.kind === VICIDIAL_DB_LINK })),
    connections,
  };
});

export const POST = adminRoute({ body: sourceFormSchema }, async ({ actor, runtime, body: form }) => {
  // VICIdial's database is one connection, always named after its link.
  const body = form.kind === "vicidial-db" ? { ...form, name: VICIDIAL_DB_LINK } : form;
  if (body.kind !== "vicidial-db" && body.name === VICIDIAL_DB_LINK) throw new AdminError(409, `${VICIDIAL_DB_LINK} is reserved for VICIdial's database: choose another name`);
  if (runtime.sources.environmentNames().has(body.name)) throw new AdminError(409, `${body.name} is configured by the environment (XUC_* / VOIPBIN_*): change it there and restart`);
  if ((await listPbxConnections(runtime.db)).some((c) => c.name === body.name) || body.name === "env") throw new AdminError(409, `a PBX connection is named ${body.name}: choose another name`);
  const existing = await findSourceConnection(runtime.db, body.name);
  if (existing && existing.kind !== body.kind) throw new AdminError(409, `${body.name} is a ${existing.kind} connection: remove it first to reuse the name`);
  const built = buildConnection(body, existing?.secrets ?? null);
  if (!built.ok) throw new AdminError(400, built.reason);
  await upsertSourceConnection(runtime.db, { name: body.name, kind: body.kind, config: built.value.config, secrets: built.value.secrets, enabled: body.enabled });
  runtime.sources.changed(body.enabled ? "add" : "remove", body.name);
  await audit(runtime.db, actor, existing ? "source.update" : "source.create", body.name, {
    kind: body.kind,
    url: built.value.config["url"],
    enabled: body.enabled,
    passwordChanged: (existing?.secrets["password"] ?? null) !== (built.value.secrets["password"] ?? null),
    accessKeyChanged: (existing?.secrets["accessKey"] ?? null) !== (built.value.secrets["accessKey"] ?? null),
  });
  return { ok: true, created: !existing };
});
