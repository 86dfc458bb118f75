"use client";

import { useState } from "react";
import type { IngestLogEntry } from "@/lib/sources/ingest-log";
import { callApi, formatTime, useAdminData } from "./api";
import { CopyButton } from "./CopyButton";
import { Status, type StatusValue } from "./Status";

interface PushInfo {
  token: string;
  path: string;
  relay: string;
  warning: string | null;
  hookSnippet: string;
  ingest: { spooling: boolean; stored: number; duplicates: number; spooled: number; failed: number; agentsEvicted: number; maxLiveAgents: number };
}

interface IngestLogAnswer {
  serverTime: number;
  entries: IngestLogEntry[];
  ingest: PushInfo["ingest"];
}

/** Push token (rotate), the two Agent Push URLs, the hook snippet, a test event and the live ingest log. */
export function PushAdmin({ csrf }: { csrf: string }) {
  const push = useAdminData<PushInfo>(csrf, "/api/admin/push");
  const log = useAdminData<IngestLogAnswer>(csrf, "/api/admin/ingest-log", 2000);
  const [status, setStatus] = useState<StatusValue>(null);
  const [busy, setBusy] = useState(false);

  async function rotate() {
    if (!window.confirm("Rotate the push token? VICIdial gets 401 with the old one until you paste the new URL into System Settings.")) return;
    setBusy(true);
    const answer = await callApi<{ token: string }>(csrf, "POST", "/api/admin/push/rotate");
    setBusy(false);
    if (answer.ok) {
      await push.reload();
      setStatus({ ok: true, text: "New token in effect: the old one is refused from now on. Paste the new URL into VICIdial." });
    } else setStatus({ ok: false, text: `Token not rotated: ${answer.error}` });
  }

  async function sendTest() {
    setBusy(true);
    const answer = await callApi<{ ok: boolean; status: number; body: string }>(csrf, "POST", "/api/admin/push/test-event");
    setBusy(false);
    await log.reload();
    if (answer.ok && answer.data) {
      setStatus({ ok: answer.data.ok, text: `Test event sent through the push endpoint: HTTP ${answer.data.status} ${answer.data.body}` });
    } else setStatus({ ok: false, text: `Test event failed: ${answer.error}` });
  }

  const p = push.data;
  const ingest = log.data?.ingest ?? p?.ingest;
  return (
    <>
      <section className="admin-card" aria-labelledby="push-token-h">
        <h2 id="push-token-h">Push token</h2>
        {push.error ? (
          <p className="home-error" role="alert">
            {push.error}
          </p>
        ) : null}
        <div className="admin-copy-row">
          <code id="push-token-value" className="admin-secret" data-testid="push-token">
            {p?.token ?? "…"}
          </code>
          {p ? <CopyButton text={p.token} targetId="push-token-value" label="Copy token" testId="copy-push-token" /> : null}
          <button type="button" className="btn btn-danger" onClick={rotate} disabled={busy || !p} data-testid="rotate-token">
            Rotate token
          </button>
        </div>
        <p className="auth-hint">VICIdial sends it with every event; a request without the current token gets 401.</p>
      </section>

      <section className="admin-card" aria-labelledby="push-urls-h">
        <h2 id="push-urls-h">Agent Push URL for VICIdial</h2>
        <p className="auth-hint">
          VICIdial Admin → System Settings: <strong>Agent Push Events</strong> = 1, and paste one of these into <strong>Agent Push URL</strong>.
        </p>
        {p?.warning ? (
          <p className="home-error" role="note" data-testid="push-url-warning">
            {p.warning}
          </p>
        ) : null}
        <h3>Through get2post.php (usual)</h3>
        <p className="auth-hint">Copy extras/get2post.php into agc/ on the VICIdial web server, then use:</p>
        <div className="admin-copy-row">
          <code id="push-url-relay-value" className="admin-url" data-testid="push-url-relay">
            {p?.relay ?? "…"}
          </code>
          {p ? <CopyButton text={p.relay} targetId="push-url-relay-value" testId="copy-push-url-relay" /> : null}
        </div>
        <h3>Path only (reverse proxy)</h3>
        <p className="auth-hint">
          When the VICIdial web server reverse-proxies <code>/api/push/vicidial</code> to the wallboard (e.g. Apache{" "}
          <code>ProxyPass /api/push/vicidial http://wallboard:3000/api/push/vicidial</code>), the agent screen can post to its own origin:
        </p>
        <div className="admin-copy-row">
          <code id="push-url-path-value" className="admin-url" data-testid="push-url-path">
            {p?.path ?? "…"}
          </code>
          {p ? <CopyButton text={p.path} targetId="push-url-path-value" testId="copy-push-url-path" /> : null}
        </div>
        <p className="auth-hint" data-testid="push-url-why">
          Why no <code>http://</code> or port: VICIdial&apos;s agent screen deletes every <code>:</code> (and <code>` ; # &quot; {"{"} {"}"} ^ $</code>) from the
          push URL before sending, so <code>http://host/…</code> arrives as <code>http//host/…</code>, a relative path that fails, and{" "}
          <code>host:3000</code> as <code>host3000</code>. The agent screen may also only post to its own web server. get2post.php adds the{" "}
          <code>http://</code> itself and needs PHP&apos;s curl extension. <code>message</code> is last on purpose: a <code>?</code> or <code>&amp;</code> in
          a message cuts only the message.
        </p>
        <details className="admin-details">
          <summary>Agent-screen hook (WebSocket) instead: lines for agc/options.php</summary>
          <div className="admin-copy-row">
            <pre id="push-hook-value" className="admin-url" data-testid="push-hook-snippet">
              {p?.hookSnippet ?? "…"}
            </pre>
            {p ? <CopyButton text={p.hookSnippet} targetId="push-hook-value" testId="copy-push-hook" /> : null}
          </div>
        </details>
      </section>

      <section className="admin-card" aria-labelledby="push-log-h">
        <div className="admin-card-head">
          <h2 id="push-log-h">Last events received</h2>
          <button type="button" className="btn" onClick={sendTest} disabled={busy} data-testid="send-test-event">
            Send test event
          </button>
        </div>
        <Status status={status} testId="push-status" />
        {ingest ? (
          <p className="auth-hint" data-testid="ingest-counters">
            Stored {ingest.stored} · duplicates {ingest.duplicates} · spooled {ingest.spooled} · failed {ingest.failed}
            {ingest.spooling ? <strong className="admin-bad"> · database down: events go to the local spool</strong> : null}
          </p>
        ) : null}
        {ingest && ingest.agentsEvicted > 0 ? (
          <p className="home-error" role="alert" data-testid="agents-evicted">
            The live board is full ({ingest.maxLiveAgents} agents, MAX_LIVE_AGENTS): {ingest.agentsEvicted} agents silent longest were dropped from it. Pushes for
            many unknown users can mean a leaked push token: check PUSH_ALLOW_FROM and rotate the token.
          </p>
        ) : null}
        {log.error ? (
          <p className="home-error" role="alert">
            Ingest log not available: {log.error}
          </p>
        ) : null}
        <p className="auth-hint">Updated every 2 seconds. Newest first; the last 200 are kept in memory.</p>
        <div className="admin-table-wrap">
          <table className="admin-table" data-testid="ingest-log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Source</th>
                <th scope="col">HTTP</th>
                <th scope="col">User</th>
                <th scope="col">Event</th>
                <th scope="col">Message</th>
                <th scope="col">Campaign</th>
                <th scope="col">Interpretation</th>
              </tr>
            </thead>
            <tbody>
              {(log.data?.entries ?? []).map((e, i) => (
                <tr key={`${e.at}-${i}`} data-testid="ingest-log-row" data-status={e.status} data-user={e.user ?? ""} className={e.status === 200 ? undefined : "admin-row-bad"}>
                  <td>{formatTime(e.at)}</td>
                  <td>{e.source}</td>
                  <td>
                    {e.status}
                    {e.outcome ? ` ${e.outcome}` : ""}
                  </td>
                  <td>{e.user ?? "—"}</td>
                  <td>{e.event ?? "—"}</td>
                  <td className="admin-cell-wrap">{e.message ?? ""}</td>
                  <td>{e.campaign ?? ""}</td>
                  <td className="admin-cell-wrap">{e.status === 200 ? e.interpretation : `refused: ${e.interpretation}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.data && log.data.entries.length === 0 ? <p className="home-empty">Nothing received since the server started. Send a test event to check the path.</p> : null}
        </div>
      </section>
    </>
  );
}
