"use client";

import { useState } from "react";
import type { IngestLogEntry } from "@/lib/api/admin";
import { callApi, formatTime, useAdminData } from "./api";
import { AdminCard } from "./AdminCard";
import { AdminTable } from "./AdminTable";
import { CopyRow } from "./CopyRow";
import { LoadError, Status, type StatusValue } from "./Status";

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
      <AdminCard titleId="push-token-h" title="Push token">
        <LoadError error={push.error} />
        <CopyRow id="push-token-value" value={p?.token ?? null} testId="push-token" copyLabel="Copy token" copyTestId="copy-push-token" secret>
          <button type="button" className="btn btn-danger" onClick={rotate} disabled={busy || !p} data-testid="rotate-token">
            Rotate token
          </button>
        </CopyRow>
        <p className="auth-hint">VICIdial sends it with every event; a request without the current token gets 401.</p>
      </AdminCard>

      <AdminCard titleId="push-urls-h" title="Agent Push URL for VICIdial">
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
        <CopyRow id="push-url-relay-value" value={p?.relay ?? null} testId="push-url-relay" copyTestId="copy-push-url-relay" />
        <h3>Path only (reverse proxy)</h3>
        <p className="auth-hint">
          When the VICIdial web server reverse-proxies <code>/api/push/vicidial</code> to the wallboard (e.g. Apache{" "}
          <code>ProxyPass /api/push/vicidial http://wallboard:3000/api/push/vicidial</code>), the agent screen can post to its own origin:
        </p>
        <CopyRow id="push-url-path-value" value={p?.path ?? null} testId="push-url-path" copyTestId="copy-push-url-path" />
        <p className="auth-hint" data-testid="push-url-why">
          Why no <code>http://</code> or port: VICIdial&apos;s agent screen deletes every <code>:</code> (and <code>` ; # &quot; {"{"} {"}"} ^ $</code>) from the
          push URL before sending, so <code>http://host/…</code> arrives as <code>http//host/…</code>, a relative path that fails, and{" "}
          <code>host:3000</code> as <code>host3000</code>. The agent screen may also only post to its own web server. get2post.php adds the{" "}
          <code>http://</code> itself and needs PHP&apos;s curl extension. <code>message</code> is last on purpose: a <code>?</code> or <code>&amp;</code> in
          a message cuts only the message.
        </p>
        <details className="admin-details">
          <summary>Agent-screen hook (WebSocket) instead: lines for agc/options.php</summary>
          <CopyRow id="push-hook-value" value={p?.hookSnippet ?? null} testId="push-hook-snippet" copyTestId="copy-push-hook" pre />
        </details>
      </AdminCard>

      <AdminCard
        titleId="push-log-h"
        title="Last events received"
        action={
          <button type="button" className="btn" onClick={sendTest} disabled={busy} data-testid="send-test-event">
            Send test event
          </button>
        }
      >
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
        <LoadError error={log.error && `Ingest log not available: ${log.error}`} />
        <p className="auth-hint">Updated every 2 seconds. Newest first; the last 200 are kept in memory.</p>
        <AdminTable
          testId="ingest-log"
          columns={["Time", "Source", "HTTP", "User", "Event", "Message", "Campaign", "Interpretation"]}
          empty={log.data && log.data.entries.length === 0 ? "Nothing received since the server started. Send a test event to check the path." : null}
        >
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
        </AdminTable>
      </AdminCard>
    </>
  );
}
