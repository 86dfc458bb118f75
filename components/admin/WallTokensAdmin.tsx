"use client";

import { useEffect, useState, type FormEvent } from "react";
import { DEFAULT_EVERY_SEC, type TvTheme, type TvView } from "@/lib/wall/tv";
import { tvPath, tvUrlFor } from "@/lib/wall/tv-url";
import type { WallTokenRecord } from "@/lib/api/admin";
import { callApi, formatTime, splitList, useAdminData } from "./api";
import { CheckField } from "./CheckField";
import { RowButton } from "./RowButton";
import { AdminCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { CopyRow } from "./CopyRow";
import { ShownOnce } from "./ShownOnce";
import { LoadError, outcome, Status, type StatusValue } from "./Status";

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
    setStatus(outcome(await callApi(csrf, "DELETE", `/api/admin/wall-tokens/${t.id}`), `${t.name} revoked.`, "Not revoked"));
    await reload();
  }

  return (
    <>
      <AdminCard titleId="wt-create-h" title="New wall display URL">
        <p className="auth-hint">A read-only URL for a TV that nobody signs in on, limited to the campaigns you choose. Only its hash is stored.</p>
        <form className="auth-form admin-form" onSubmit={create} data-testid="wall-token-create">
          <label>
            Name
            <input name="name" required maxLength={100} placeholder="Floor 2 TV" autoComplete="off" />
          </label>
          <fieldset className="admin-fieldset">
            <legend>Campaigns</legend>
            {campaignIds.map((c) => (
              <CheckField key={c} checked={chosen.includes(c)} onChange={(e) => setChosen((s) => (e.target.checked ? [...s, c] : s.filter((x) => x !== c)))}>{c}</CheckField>
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
            <ShownOnce testId="wall-token-created" what="URL" name={created.name} value={created.url} valueId="created-wall-url" valueTestId="wall-token-url" copyTestId="copy-wall-token-url" onDone={() => setCreated(null)} />
          ) : null}
        </form>
      </AdminCard>

      <TvUrlBuilder campaignIds={campaignIds} displayUrl={created?.url ?? null} />

      <AdminCard titleId="wt-list-h" title="Wall display URLs">
        <Status status={status} testId="wall-token-status" />
        <LoadError error={error} />
        <AdminTable testId="wall-token-table" columns={["Name", "Campaigns", "Created", "Status"]} actions empty={data && data.tokens.length === 0 ? "No wall display URL yet." : null}>
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
                  <RowButton tone="danger" onClick={() => revoke(t)} data-testid="wall-token-revoke" aria-label={`Revoke ${t.name}`}>Revoke</RowButton>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      </AdminCard>
    </>
  );
}

/**
 * Builds a TV mode URL: the views to rotate (campaign walls, all campaigns, queues,
 * leaderboard), seconds per view and theme; shows it for a signed-in browser and, for a wall
 * display URL (the one just created, or any other with the `?to=` part), a URL that needs no
 * sign-in.
 */
function TvUrlBuilder({ campaignIds, displayUrl }: { campaignIds: string[]; displayUrl: string | null }) {
  const [views, setViews] = useState<string[]>(campaignIds.slice(0, 1).map((c) => `campaign:${c}`));
  const [every, setEvery] = useState(String(DEFAULT_EVERY_SEC));
  const [theme, setTheme] = useState<TvTheme>("dark");
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const options: { id: string; label: string; view: TvView }[] = [
    ...campaignIds.map((c) => ({ id: `campaign:${c}`, label: `${c} wall`, view: { kind: "campaign" as const, campaign: c } })),
    { id: "campaign:*", label: "All campaigns (managers and admins only)", view: { kind: "campaign", campaign: "*" } },
    { id: "queues", label: "Queues", view: { kind: "queues" } },
    { id: "leaderboard", label: "Leaderboard", view: { kind: "leaderboard" } },
  ];
  const chosen = options.filter((o) => views.includes(o.id)).map((o) => o.view);
  const n = Number(every);
  const path = tvPath({ views: chosen, everySec: Number.isFinite(n) && n >= 0 ? n : DEFAULT_EVERY_SEC, theme });
  const signedIn = tvUrlFor(path, origin);
  const display = displayUrl ? tvUrlFor(path, origin, displayUrl) : `<wall display URL>?to=${encodeURIComponent(path)}`;
  return (
    <AdminCard titleId="tv-builder-h" title="TV mode URL" testId="tv-url-builder">
      <p className="auth-hint">Choose what a TV shows; it rotates through the views, full screen, with the clock and the data&apos;s freshness always visible.</p>
      <div className="auth-form admin-form">
        <fieldset className="admin-fieldset">
          <legend>Views, in order</legend>
          {options.map((o) => (
            <CheckField key={o.id} checked={views.includes(o.id)} onChange={(e) => setViews((v) => (e.target.checked ? [...v, o.id] : v.filter((x) => x !== o.id)))} data-testid="tv-view-option" data-view={o.id}>{o.label}</CheckField>
          ))}
        </fieldset>
        <label>
          Seconds per view (0: no rotation)
          <input type="number" min={0} max={3600} value={every} onChange={(e) => setEvery(e.target.value)} data-testid="tv-every" />
        </label>
        <label>
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value === "light" ? "light" : "dark")} data-testid="tv-theme">
            <option value="dark">Dark</option>
            <option value="light">Light (bright rooms)</option>
          </select>
        </label>
      </div>
      <h3>For a signed-in browser</h3>
      <CopyRow id="tv-url-signed-in" value={signedIn} testId="tv-url" copyTestId="copy-tv-url">
        <a className="btn btn-small btn-plain" href={path} target="_blank" rel="noreferrer">
          Open
        </a>
      </CopyRow>
      <h3>For a TV nobody signs in on (a wall display URL)</h3>
      <CopyRow id="tv-url-display" value={display} testId="tv-display-url" copyTestId="copy-tv-display-url" copyable={displayUrl !== null} />
      {!displayUrl && <p className="auth-hint">Display URLs are shown once, when created above: create one and its full TV URL appears here; or append the part after it to one you kept.</p>}
    </AdminCard>
  );
}
