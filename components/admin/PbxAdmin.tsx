"use client";

import { useState, type FormEvent } from "react";
import type { PbxLinkStatus } from "@/lib/realtime/contract";
import { callApi, useAdminData } from "./api";
import { LinkRowButtons, LinkStatusCells } from "./LinkRow";
import { CheckField } from "./CheckField";
import { AdminCard, scrollToCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { FormButtons, LoadError, outcome, Status, type StatusValue } from "./Status";

interface Connection {
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
  hasSession: boolean;
  enabled: boolean;
  fromEnv: boolean;
  status: PbxLinkStatus | null;
}

const EMPTY = { name: "", url: "", username: "", password: "", session: "", enabled: true, clearPassword: false, clearSession: false };

/** PBX connections: add, edit, remove, reconnect now, live status (polled every 2 s). */
export function PbxAdmin({ csrf }: { csrf: string }) {
  const { data, error, reload } = useAdminData<{ serverTime: number; connections: Connection[] }>(csrf, "/api/admin/pbx", 2000);
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<Connection | null>(null);
  const [status, setStatus] = useState<StatusValue>(null);
  const now = data?.serverTime ?? Date.now();

  function edit(c: Connection) {
    setEditing(c);
    setForm({ ...EMPTY, name: c.name, url: c.url, username: c.username ?? "", enabled: c.enabled });
    setStatus(null);
    scrollToCard("pbx-form");
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const answer = await callApi<{ created: boolean }>(csrf, "POST", "/api/admin/pbx", {
      name: form.name.trim(),
      url: form.url.trim(),
      username: form.username,
      password: form.password || undefined,
      session: form.session || undefined,
      enabled: form.enabled,
      clearPassword: form.clearPassword,
      clearSession: form.clearSession,
    });
    if (!answer.ok) return setStatus({ ok: false, text: `Not saved: ${answer.error}` });
    setStatus({ ok: true, text: `${form.name.trim()} ${answer.data?.created ? "added" : "saved"}${form.enabled ? ": connecting now" : " (disabled: not connected)"}.` });
    setForm(EMPTY);
    setEditing(null);
    await reload();
  }

  async function remove(name: string) {
    if (!window.confirm(`Remove the PBX connection ${name}? Its link is dropped at once.`)) return;
    setStatus(outcome(await callApi(csrf, "DELETE", `/api/admin/pbx/${encodeURIComponent(name)}`), `${name} removed.`, "Not removed"));
    await reload();
  }

  async function reconnect(name: string) {
    setStatus(outcome(await callApi(csrf, "POST", `/api/admin/pbx/${encodeURIComponent(name)}/reconnect`), `${name}: reconnecting.`, "Reconnect failed"));
    await reload();
  }

  const set = (k: keyof typeof EMPTY) => (e: { target: HTMLInputElement }) => setForm((f) => ({ ...f, [k]: e.target.type === "checkbox" ? e.target.checked : e.target.value }));

  return (
    <>
      <AdminCard titleId="pbx-list-h" title="Connections">
        <Status status={status} testId="pbx-status" />
        <LoadError error={error} />
        <AdminTable
          testId="pbx-table"
          columns={["Name", "URL", "State", "Last frame", "Reconnects", "Last error"]}
          actions
          empty={data && data.connections.length === 0 ? "No PBX connection: the walls show VICIdial states only." : null}
        >
          {(data?.connections ?? []).map((c) => {
            const state = c.status?.state ?? (c.enabled ? "stopped" : "disabled");
            return (
              <tr key={c.name} data-testid="pbx-row" data-name={c.name} data-state={state}>
                <th scope="row">
                  {c.name}
                  {c.fromEnv ? <span className="admin-tag">PBX_URL</span> : null}
                </th>
                <td className="admin-cell-wrap">
                  <code>{c.status?.url ?? c.url}</code>
                  <div className="auth-hint">
                    {c.username ? `user ${c.username}` : null}
                    {c.hasPassword ? " · password set" : null}
                    {c.hasSession ? " · session set" : null}
                  </div>
                </td>
                <LinkStatusCells state={state} status={c.status} now={now} />
                <td className="admin-cell-wrap">{c.status?.lastError ?? ""}</td>
                <td className="admin-actions">
                  <LinkRowButtons testIdPrefix="pbx" running={!!c.status} editable={!c.fromEnv} onReconnect={() => reconnect(c.name)} onEdit={() => edit(c)} onRemove={() => remove(c.name)} />
                </td>
              </tr>
            );
          })}
        </AdminTable>
      </AdminCard>

      <AdminCard titleId="pbx-form-h" title={editing ? `Edit ${editing.name}` : "Add a connection"} id="pbx-form">
        <form className="auth-form admin-form" onSubmit={save} data-testid="pbx-form">
          <label>
            Name
            <input value={form.name} onChange={set("name")} required readOnly={!!editing} placeholder="main-pbx" aria-describedby="pbx-name-hint" />
            <span id="pbx-name-hint" className="auth-hint">
              Letters, digits, . _ @ - ; &quot;env&quot; is reserved for PBX_URL.
            </span>
          </label>
          <label>
            WebSocket URL
            <input value={form.url} onChange={set("url")} required placeholder="wss://pbx.example/websocket?domain=D&user=EXT" type="text" inputMode="url" />
          </label>
          <label>
            User name (for POST /rest/system/session)
            <input value={form.username} onChange={set("username")} autoComplete="off" />
          </label>
          <label>
            Password {editing?.hasPassword ? "(leave empty to keep the stored one)" : null}
            <input value={form.password} onChange={set("password")} type="password" autoComplete="new-password" />
          </label>
          {editing?.hasPassword ? (
            <CheckField checked={form.clearPassword} onChange={set("clearPassword")}>Remove the stored password</CheckField>
          ) : null}
          <label>
            Session cookie instead of credentials {editing?.hasSession ? "(leave empty to keep the stored one)" : null}
            <input value={form.session} onChange={set("session")} type="password" autoComplete="off" />
          </label>
          {editing?.hasSession ? (
            <CheckField checked={form.clearSession} onChange={set("clearSession")}>Remove the stored session</CheckField>
          ) : null}
          <CheckField checked={form.enabled} onChange={set("enabled")}>Enabled (connect now)</CheckField>
          <FormButtons label={editing ? "Save" : "Add"} testId="pbx-save" cancellable={Boolean(editing)} onCancel={() => { setEditing(null); setForm(EMPTY); }} />
        </form>
      </AdminCard>
    </>
  );
}
