"use client";

import { useEffect, useState } from "react";

const EXAMPLE = `{
  "queues": {
    "*":   { "callsWaitingAbove": 5, "longestWaitAboveSec": 60, "serviceLevelBelow": 0.8, "serviceLevelMinOffered": 5 },
    "700": { "callsWaitingAbove": 3 }
  },
  "campaigns": {
    "*":     { "pauseLimitsSec": { "BREAK": 900, "LUNCH": 3600 }, "staleAgents": true }
  },
  "pbxDown": true
}`;

/**
 * Edits the alert thresholds (GET/PUT /api/admin/alerts). "*" entries are the defaults for
 * every queue or campaign; null turns a rule off. Saved thresholds apply at once.
 */
export function AlertSettings({ csrf }: { csrf: string }) {
  const [text, setText] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    void fetch("/api/admin/alerts")
      .then((r) => r.json())
      .then((config: unknown) => setText(JSON.stringify(config, null, 2)));
  }, []);
  async function save() {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setStatus({ ok: false, text: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const res = await fetch("/api/admin/alerts", { method: "PUT", headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify(body) });
    const out = (await res.json()) as { error?: string };
    if (res.ok) {
      setText(JSON.stringify(out, null, 2));
      setStatus({ ok: true, text: "Saved; the walls use the new thresholds now." });
    } else setStatus({ ok: false, text: out.error ?? `failed (${res.status})` });
  }
  return (
    <section className="auth-form" data-testid="alert-settings">
      <p className="auth-hint">
        Queues: alert when more calls than <code>callsWaitingAbove</code> wait, when a caller has waited longer than <code>longestWaitAboveSec</code> seconds,
        or when the last hour&apos;s service level (answered within the queue&apos;s threshold ÷ offered) is below <code>serviceLevelBelow</code> (0–1) once
        at least <code>serviceLevelMinOffered</code> calls were offered. Campaigns: <code>pauseLimitsSec</code> per pause code (&quot;*&quot; for any other code),
        <code>staleAgents</code>. &quot;*&quot; sets the defaults; <code>null</code> turns a rule off.
      </p>
      <label>
        Thresholds (JSON)
        <textarea rows={18} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="alert-settings-json" />
      </label>
      <button type="button" onClick={() => void save()} data-testid="alert-settings-save">
        Save thresholds
      </button>
      {status ? (
        <p role="status" className={status.ok ? "auth-ok" : "home-error"}>
          {status.text}
        </p>
      ) : null}
      <details>
        <summary>Example</summary>
        <pre>{EXAMPLE}</pre>
      </details>
    </section>
  );
}
