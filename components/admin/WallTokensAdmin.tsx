"use client";

import { useState, type FormEvent } from "react";
import type { WallTokenRecord } from "@/lib/queries/wall-tokens";
import { callApi, formatTime, splitList, useAdminData } from "./api";
import { CopyButton } from "./CopyButton";
import { LoadError, Status, type StatusValue } from "./Status";

/** Wall display URLs: create (URL shown once), list, revoke. */
export function WallTokensAdmin({ csrf, campaignIds }: { csrf: string; campaignIds: string[] }) {
  const { data, error, reload } = useAdminData<{ tokens: WallTokenRecord[] }>(csrf, "/api/admin/wall-tokens");
  const [status, setStatus] = useState<StatusValue>(null);
  const [createStatus, setCreateStatus] = useState<StatusValue>(null);
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [other, setOther] = useState("");

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const name = String(new FormData(formEl).get("name") ?? "").trim();
    const campaigns = [...new Set([...chosen, ...splitList(other)])];
    if (!name) return setCreateStatus({ ok: false, text: "Give the display a name (e.g. the room it hangs in)." });
    if (campaigns.length === 0) return setCreateStatus({ ok: false, text: "Choose at least one campaign for the display." });
    const answer = await callApi<{ url: string }>(csrf, "POST", "/api/admin/wall-tokens", { name, campaigns });
    if (!answer.ok || !answer.data) return setCreateStatus({ ok: false, text: `Not created: ${answer.error}` });
    setCreated({ name, url: answer.data.url });
    setCreateStatus({ ok: true, text: `${name} created: copy the URL now, it is shown only once.` });
    formEl.reset();
    setChosen([]);
    setOther("");
    await reload();
  }

  async function revoke(t: WallTokenRecord) {
    if (!window.confirm(`Revoke the wall display URL "${t.name}"? Screens using it are refused from their next connection.`)) return;
    const answer = await callApi(csrf, "DELETE", `/api/admin/wall-tokens/${t.id}`);
    setStatus(answer.ok ? { ok: true, text: `${t.name} revoked.` } : { ok: false, text: `Not revoked: ${answer.error}` });
    await reload();
  }

  return (
    <>
      <section className="admin-card" aria-labelledby="wt-create-h">
        <h2 id="wt-create-h">New wall display URL</h2>
        <p className="auth-hint">A read-only URL for a TV that nobody signs in on, limited to the campaigns you choose. Only its hash is stored.</p>
        <form className="auth-form admin-form" onSubmit={create} data-testid="wall-token-create">
          <label>
            Name
            <input name="name" required maxLength={100} placeholder="Floor 2 TV" autoComplete="off" />
          </label>
          <fieldset className="admin-fieldset">
            <legend>Campaigns</legend>
            {campaignIds.map((c) => (
              <label key={c} className="admin-check">
                <input type="checkbox" checked={chosen.includes(c)} onChange={(e) => setChosen((s) => (e.target.checked ? [...s, c] : s.filter((x) => x !== c)))} /> {c}
              </label>
            ))}
            <label>
              Other campaigns (comma-separated)
              <input value={other} onChange={(e) => setOther(e.target.value)} placeholder="SALES, SUPPORT" data-testid="wall-token-campaigns" />
            </label>
          </fieldset>
          <button type="submit" data-testid="wall-token-create-submit">
            Create URL
          </button>
          <Status status={createStatus} testId="wall-token-create-status" />
          {created ? (
            <div className="admin-once" data-testid="wall-token-created">
              <p>
                URL for <strong>{created.name}</strong> (shown once):
              </p>
              <div className="admin-copy-row">
                <code id="created-wall-url" className="admin-url" data-testid="wall-token-url">
                  {created.url}
                </code>
                <CopyButton text={created.url} targetId="created-wall-url" testId="copy-wall-token-url" />
                <button type="button" className="btn btn-small btn-plain" onClick={() => setCreated(null)}>
                  Done
                </button>
              </div>
            </div>
          ) : null}
        </form>
      </section>

      <section className="admin-card" aria-labelledby="wt-list-h">
        <h2 id="wt-list-h">Wall display URLs</h2>
        <Status status={status} testId="wall-token-status" />
        <LoadError error={error} />
        <div className="admin-table-wrap">
          <table className="admin-table" data-testid="wall-token-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Campaigns</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(data?.tokens ?? []).map((t) => (
                <tr key={t.id} data-testid="wall-token-row" data-id={t.id} data-name={t.name} data-revoked={t.revokedAt ? "true" : "false"} className={t.revokedAt ? "admin-row-dim" : undefined}>
                  <th scope="row">{t.name}</th>
                  <td>{t.campaigns.join(", ")}</td>
                  <td>
                    {formatTime(t.createdAt)} by {t.createdBy}
                  </td>
                  <td>{t.revokedAt ? `revoked ${formatTime(t.revokedAt)}` : "active"}</td>
                  <td className="admin-actions">
                    {t.revokedAt ? null : (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => revoke(t)} data-testid="wall-token-revoke" aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {data && data.tokens.length === 0 ? <p className="home-empty">No wall display URL yet.</p> : null}
        </div>
      </section>
    </>
  );
}
