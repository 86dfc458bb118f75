"use client";

import { useState, type FormEvent } from "react";
import type { SourceRow as Connection, SourceTypeRow as SourceType } from "@/lib/api/admin";
import { linkKindLabel } from "@/lib/sources/link-kinds";
import { callApi, formatAgo, useAdminData } from "./api";
import { LinkRowButtons, LinkStatusCells } from "./LinkRow";
import { AdminCard, scrollToCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { CheckField } from "./CheckField";
import { FormButtons, LoadError, outcome, Status, type StatusValue } from "./Status";

type Kind = "xuc" | "voipbin" | "vicidial-db";

/** VICIdial's database is one connection, named after its link. */
const VICIDIAL_DB = "vicidial-db";
const EMPTY = { kind: "xuc" as Kind, name: "", url: "", login: "", customerId: "", username: "", password: "", accessKey: "", clearAccessKey: false, enabled: true };

/**
 * Admin → Sources: what each source type gives the wall, every link (PBX, XuC, VoIPBin) with
 * its live state, since when, last frame, reconnects and last error (polled every 2 s), and
 * the form for XuC and VoIPBin links (passwords and access keys are never shown again).
 */
export function SourcesAdmin({ csrf }: { csrf: string }) {
  const { data, error, reload } = useAdminData<{ serverTime: number; types: SourceType[]; connections: Connection[] }>(csrf, "/api/admin/sources", 2000);
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<Connection | null>(null);
  const [status, setStatus] = useState<StatusValue>(null);
  const now = data?.serverTime ?? Date.now();
  const dbFromEnv = (data?.connections ?? []).some((c) => c.kind === VICIDIAL_DB && c.fromEnv);

  function edit(c: Connection) {
    setEditing(c);
    setForm({ ...EMPTY, kind: c.kind as Kind, name: c.name, url: c.url ?? "", login: c.login ?? "", customerId: c.customerId ?? "", username: c.username ?? "", enabled: c.enabled });
    setStatus(null);
    scrollToCard("source-form");
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields =
      form.kind === "xuc"
        ? { login: form.login }
        : form.kind === "voipbin"
          ? { customerId: form.customerId, username: form.username, accessKey: form.accessKey || undefined, clearAccessKey: form.clearAccessKey }
          : {};
    const name = form.kind === VICIDIAL_DB ? VICIDIAL_DB : form.name.trim();
    const answer = await callApi<{ created: boolean }>(csrf, "POST", "/api/admin/sources", { kind: form.kind, name, url: form.url.trim(), password: form.password || undefined, enabled: form.enabled, ...fields });
    if (!answer.ok) return setStatus({ ok: false, text: `Not saved: ${answer.error}` });
    setStatus({ ok: true, text: `${name} ${answer.data?.created ? "added" : "saved"}${form.enabled ? ": connecting now" : " (disabled: not connected)"}.` });
    setForm(EMPTY);
    setEditing(null);
    await reload();
  }

  async function remove(name: string) {
    if (!window.confirm(`Remove the source ${name}? Its link is dropped at once.`)) return;
    setStatus(outcome(await callApi(csrf, "DELETE", `/api/admin/sources/${encodeURIComponent(name)}`), `${name} removed.`, "Not removed"));
    await reload();
  }

  async function reconnect(name: string) {
    setStatus(outcome(await callApi(csrf, "POST", `/api/admin/sources/${encodeURIComponent(name)}/reconnect`), `${name}: reconnecting.`, "Reconnect failed"));
    await reload();
  }

  const set = (k: keyof typeof EMPTY) => (e: { target: HTMLInputElement | HTMLSelectElement }) =>
    setForm((f) => ({ ...f, [k]: e.target instanceof HTMLInputElement && e.target.type === "checkbox" ? e.target.checked : e.target.value }));

  return (
    <>
      <AdminCard titleId="sources-list-h" title="Links">
        <Status status={status} testId="sources-status" />
        <LoadError error={error} />
        <AdminTable
          testId="sources-table"
          columns={["Name", "System", "URL", "State", "Last frame", "Reconnects", "Last error"]}
          actions
          empty={data && data.connections.length === 0 ? "No link: the walls show what VICIdial pushes." : null}
        >
          {(data?.connections ?? []).map((c) => {
            const state = c.status?.state ?? (c.enabled ? "stopped" : "disabled");
            // Managed here: the platform links and VICIdial's database; the PBX links under Admin → PBX.
            const platform = c.kind === "xuc" || c.kind === "voipbin" || c.kind === VICIDIAL_DB;
            return (
              <tr key={c.name} data-testid="source-row" data-name={c.name} data-kind={c.kind} data-state={state}>
                <th scope="row">
                  {c.name}
                  {c.fromEnv ? <span className="admin-tag">environment</span> : null}
                </th>
                <td>{linkKindLabel(c.kind)}</td>
                <td className="admin-cell-wrap">
                  <code>{c.status?.url ?? c.url}</code>
                  <div className="auth-hint">
                    {c.login ? `login ${c.login}` : null}
                    {c.username ? `user ${c.username}` : null}
                    {c.customerId ? ` · customer ${c.customerId}` : null}
                    {c.hasPassword ? " · password set" : null}
                    {c.hasAccessKey ? " · access key set" : null}
                  </div>
                </td>
                <LinkStatusCells state={state} status={c.status} now={now} />
                <td className="admin-cell-wrap" data-testid="source-last-error">
                  {c.status?.lastError ?? ""}
                  {c.status?.lastError && c.status.lastErrorAt ? <div className="auth-hint">{formatAgo(c.status.lastErrorAt, now)}</div> : null}
                </td>
                <td className="admin-actions">
                  <LinkRowButtons testIdPrefix="source" running={platform && !!c.status} editable={platform && !c.fromEnv} onReconnect={() => reconnect(c.name)} onEdit={() => edit(c)} onRemove={() => remove(c.name)} />
                  {!platform ? <a href="/admin/pbx">PBX page</a> : null}
                </td>
              </tr>
            );
          })}
        </AdminTable>
      </AdminCard>

      <AdminCard titleId="source-form-h" title={editing ? `Edit ${editing.name}` : "Add a link"} id="source-form">
        <form className="auth-form admin-form" onSubmit={save} data-testid="source-form">
          <label>
            System
            <select value={form.kind} onChange={set("kind")} disabled={!!editing} data-testid="source-kind">
              <option value="xuc">XiVO XuC</option>
              <option value="voipbin">VoIPBin</option>
              <option value={VICIDIAL_DB} disabled={!editing && dbFromEnv}>
                VICIdial database{dbFromEnv ? " (set by VICIDIAL_DB_URL)" : ""}
              </option>
            </select>
          </label>
          {form.kind === VICIDIAL_DB ? (
            <p className="auth-hint" id="source-db-hint">
              Read-only MySQL/MariaDB account on VICIdial&apos;s database (the README lists the SELECT grants). Polled once a second by one instance; pushes stay the
              primary source. The other VICIDIAL_DB_* variables (poll interval, timeouts) still apply.
            </p>
          ) : (
            <label>
              Name
              <input value={form.name} onChange={set("name")} required readOnly={!!editing} placeholder={form.kind === "xuc" ? "xuc-paris" : "voipbin"} aria-describedby="source-name-hint" />
              <span id="source-name-hint" className="auth-hint">
                Letters, digits, . _ -; agents show as &lt;name&gt;:&lt;agent id&gt; and under the campaign &lt;name&gt;.
              </span>
            </label>
          )}
          <label>
            {form.kind === "xuc" ? "XuC base URL" : form.kind === "voipbin" ? "API URL" : "Database URL, without the password"}
            <input
              value={form.url}
              onChange={set("url")}
              required
              type="text"
              inputMode="url"
              placeholder={form.kind === "xuc" ? "https://xivocc.example" : form.kind === "voipbin" ? "https://api.voipbin.net" : "mysql://report_user@vicidial-db/asterisk"}
            />
          </label>
          {form.kind === VICIDIAL_DB ? null : form.kind === "xuc" ? (
            <label>
              Supervisor login
              <input value={form.login} onChange={set("login")} required autoComplete="off" />
            </label>
          ) : (
            <>
              <label>
                Customer id
                <input value={form.customerId} onChange={set("customerId")} required autoComplete="off" />
              </label>
              <label>
                User name (admin or manager of the customer)
                <input value={form.username} onChange={set("username")} autoComplete="off" />
              </label>
            </>
          )}
          <label>
            Password {editing?.hasPassword ? "(leave empty to keep the stored one)" : null}
            <input value={form.password} onChange={set("password")} type="password" autoComplete="new-password" />
          </label>
          {form.kind === "voipbin" ? (
            <>
              <label>
                Access key instead of a user name and password {editing?.hasAccessKey ? "(leave empty to keep the stored one)" : null}
                <input value={form.accessKey} onChange={set("accessKey")} type="password" autoComplete="off" />
              </label>
              {editing?.hasAccessKey ? (
                <CheckField checked={form.clearAccessKey} onChange={set("clearAccessKey")}>
                  Remove the stored access key
                </CheckField>
              ) : null}
            </>
          ) : null}
          <CheckField checked={form.enabled} onChange={set("enabled")}>
            Enabled (connect now)
          </CheckField>
          <FormButtons
            label={editing ? "Save" : "Add"}
            testId="source-save"
            cancellable={Boolean(editing)}
            onCancel={() => {
              setEditing(null);
              setForm(EMPTY);
            }}
          />
        </form>
      </AdminCard>

      <AdminCard titleId="source-types-h" title="What each source gives the wall">
        <AdminTable testId="source-types" columns={["Source", "How it connects", "What the wall gets"]}>
          {(data?.types ?? []).map((t) => (
            <tr key={t.kind}>
              <th scope="row">{t.label}</th>
              <td>{t.placement === "endpoint" ? "it calls the wallboard (Admin → Push)" : "the wallboard connects to it"}</td>
              <td className="admin-cell-wrap">{t.gives}</td>
            </tr>
          ))}
        </AdminTable>
      </AdminCard>
    </>
  );
}
