"use client";

import { useRef, useState, type FormEvent } from "react";
import type { RosterEntry } from "@/lib/agents/view";
import { callApi, formatAgo, formatTime, useAdminData } from "./api";
import { RowButton } from "./RowButton";
import { AdminCard, scrollToCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { useListFilter } from "./ListFilter";
import { FormButtons, LoadError, outcome, Status, type StatusValue } from "./Status";

interface Unrostered {
  user: string;
  firstSeenAt: number | null;
  lastEventAt: number | null;
}

const EMPTY = { user: "", fullName: "", campaign: "", team: "", extension: "", xucAgentId: "", voipbinAgentId: "" };

/** Roster: agents (edit, remove), add one, CSV import/export, users seen but not on the roster. */
export function RosterAdmin({ csrf }: { csrf: string }) {
  const roster = useAdminData<{ agents: RosterEntry[] }>(csrf, "/api/admin/roster");
  const unrostered = useAdminData<{ agents: Unrostered[] }>(csrf, "/api/admin/roster/unrostered", 10_000);
  const [form, setForm] = useState(EMPTY);
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<StatusValue>(null);
  const [importStatus, setImportStatus] = useState<StatusValue>(null);
  const filter = useListFilter("user, name, campaign, team, extension");
  const csvText = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reloadAll = () => Promise.all([roster.reload(), unrostered.reload()]);

  function edit(a: RosterEntry) {
    setEditing(a.user);
    setForm({ user: a.user, fullName: a.fullName ?? "", campaign: a.campaign ?? "", team: a.team ?? "", extension: a.extension ?? "", xucAgentId: a.xucAgentId ?? "", voipbinAgentId: a.voipbinAgentId ?? "" });
    setStatus(null);
    scrollToCard("roster-form");
  }

  function addSeen(user: string) {
    setEditing(null);
    setForm({ ...EMPTY, user });
    setStatus(null);
    scrollToCard("roster-form");
  }

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const user = form.user.trim();
    if (!user) return setStatus({ ok: false, text: "User is required (the VICIdial login)." });
    const answer = await callApi(csrf, "PUT", `/api/admin/roster/${encodeURIComponent(user)}`, {
      fullName: form.fullName,
      campaign: form.campaign,
      team: form.team,
      extension: form.extension,
      xucAgentId: form.xucAgentId,
      voipbinAgentId: form.voipbinAgentId,
    });
    if (!answer.ok) return setStatus({ ok: false, text: `Not saved: ${answer.error}` });
    setStatus({ ok: true, text: `${user} saved: the walls show it now.` });
    setForm(EMPTY);
    setEditing(null);
    await reloadAll();
  }

  async function remove(user: string) {
    if (!window.confirm(`Take ${user} off the roster?`)) return;
    setStatus(outcome(await callApi(csrf, "DELETE", `/api/admin/roster/${encodeURIComponent(user)}`), `${user} is off the roster.`, "Not removed"));
    await reloadAll();
  }

  async function importCsv(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const file = fileInput.current?.files?.[0];
    const text = file ? await file.text() : (csvText.current?.value ?? "");
    if (!text.trim()) return setImportStatus({ ok: false, text: "Choose a CSV file or paste the CSV text first." });
    const answer = await callApi<{ imported: number }>(csrf, "POST", "/api/admin/roster/import", text, "text/csv");
    if (!answer.ok) return setImportStatus({ ok: false, text: `Import refused: ${answer.error}`, details: answer.errors });
    const n = answer.data?.imported ?? 0;
    setImportStatus({ ok: true, text: `${n} agent${n === 1 ? "" : "s"} imported: the walls show ${n === 1 ? "it" : "them"} now.` });
    if (csvText.current) csvText.current.value = "";
    if (fileInput.current) fileInput.current.value = "";
    await reloadAll();
  }

  const set = (k: keyof typeof EMPTY) => (e: { target: HTMLInputElement }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const agents = (roster.data?.agents ?? []).filter((a) => filter.shown([a.user, a.fullName, a.campaign, a.team, a.extension]));

  return (
    <>
      <AdminCard
        titleId="roster-h"
        title={<>Agents on the roster {roster.data ? `(${roster.data.agents.length})` : null}</>}
        action={
          <a className="btn btn-plain" href="/api/admin/roster/export" download data-testid="roster-export">
            Export CSV
          </a>
        }
      >
        <Status status={status} testId="roster-status" />
        <LoadError error={roster.error} />
        {filter.field}
        <AdminTable
          testId="roster-table"
          columns={["User", "Full name", "Campaign", "Team", "Extension"]}
          actions
          empty={roster.data && roster.data.agents.length === 0 ? "Nobody on the roster yet: import a CSV or add agents below." : null}
        >
          {agents.map((a) => (
            <tr key={a.user} data-testid="roster-row" data-user={a.user}>
              <th scope="row">{a.user}</th>
              <td>{a.fullName ?? ""}</td>
              <td>{a.campaign ?? <span className="auth-hint">UNASSIGNED</span>}</td>
              <td>{a.team ?? ""}</td>
              <td>{a.extension ?? ""}</td>
              <td className="admin-actions">
                <RowButton tone="plain" onClick={() => edit(a)} aria-label={`Edit ${a.user}`}>Edit</RowButton>
                <RowButton tone="danger" onClick={() => remove(a.user)} aria-label={`Remove ${a.user}`}>Remove</RowButton>
              </td>
            </tr>
          ))}
        </AdminTable>
      </AdminCard>

      <AdminCard titleId="roster-form-h" title={editing ? `Edit ${editing}` : "Add an agent"} id="roster-form">
        <form className="auth-form admin-form admin-form-grid" onSubmit={save} data-testid="roster-form">
          <label>
            User (VICIdial login)
            <input value={form.user} onChange={set("user")} required readOnly={!!editing} maxLength={100} />
          </label>
          <label>
            Full name
            <input value={form.fullName} onChange={set("fullName")} maxLength={200} />
          </label>
          <label>
            Campaign
            <input value={form.campaign} onChange={set("campaign")} maxLength={64} placeholder="SALES" />
          </label>
          <label>
            Team
            <input value={form.team} onChange={set("team")} maxLength={64} />
          </label>
          <label>
            Extension (PBX phone)
            <input value={form.extension} onChange={set("extension")} maxLength={32} />
          </label>
          <label>
            XuC agent id
            <input value={form.xucAgentId} onChange={set("xucAgentId")} maxLength={100} placeholder="same person on XuC" />
          </label>
          <label>
            VoIPBin agent id
            <input value={form.voipbinAgentId} onChange={set("voipbinAgentId")} maxLength={100} placeholder="same person on VoIPBin" />
          </label>
          <FormButtons label={editing ? "Save" : "Add"} testId="roster-save" cancellable={Boolean(editing || form.user)} onCancel={() => { setEditing(null); setForm(EMPTY); }} />
        </form>
      </AdminCard>

      <AdminCard titleId="roster-import-h" title="Import a roster CSV">
        <p className="auth-hint">
          Header row <code>user,full_name,campaign,team,extension</code>, optionally <code>xuc_agent_id,voipbin_agent_id</code> (the same person on a XuC or VoIPBin
          link: one tile per person; without those columns the stored links stay). Agents in the file are added or updated; agents not in it stay. A file with any bad
          line changes nothing.
        </p>
        <form className="auth-form admin-form" onSubmit={importCsv} data-testid="roster-import">
          <label>
            CSV file
            <input type="file" accept=".csv,text/csv,text/plain" ref={fileInput} data-testid="roster-import-file" />
          </label>
          <label>
            …or paste the CSV
            <textarea ref={csvText} rows={5} spellCheck={false} placeholder={"user,full_name,campaign,team,extension\n1001,Ann Example,SALES,A,2001"} data-testid="roster-import-text" />
          </label>
          <button type="submit" data-testid="roster-import-submit">
            Import
          </button>
          <Status status={importStatus} testId="roster-import-status" />
        </form>
      </AdminCard>

      <AdminCard titleId="unrostered-h" title="Seen in pushes, not on the roster">
        <p className="auth-hint">These users sent events but have no roster entry: their tiles show the login only, in the campaign the event named (or UNASSIGNED).</p>
        <LoadError error={unrostered.error} />
        <AdminTable
          testId="unrostered-table"
          columns={["User", "First seen", "Last event"]}
          actions
          empty={unrostered.data && unrostered.data.agents.length === 0 ? "Everyone seen is on the roster." : null}
        >
          {(unrostered.data?.agents ?? []).map((a) => (
            <tr key={a.user} data-testid="unrostered-row" data-user={a.user}>
              <th scope="row">{a.user}</th>
              <td>{formatTime(a.firstSeenAt)}</td>
              <td>{formatAgo(a.lastEventAt)}</td>
              <td className="admin-actions">
                <RowButton onClick={() => addSeen(a.user)} aria-label={`Add ${a.user} to the roster`}>Add to roster</RowButton>
              </td>
            </tr>
          ))}
        </AdminTable>
      </AdminCard>
    </>
  );
}
