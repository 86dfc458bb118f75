"use client";

import { useState, type FormEvent } from "react";

/** Changes the signed-in user's password through POST /api/auth/password (CSRF header). */
export function PasswordForm({ csrf }: { csrf: string }) {
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const res = await fetch("/api/auth/password", {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify({ current: form.get("current"), next: form.get("next") }),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    setStatus(res.ok ? { ok: true, text: "Password changed. Other sessions are signed out." } : { ok: false, text: body.error ?? `failed (${res.status})` });
  }
  return (
    <form onSubmit={submit} className="auth-form" data-testid="password-form">
      <label>
        Current password
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        New password (at least 10 characters)
        <input name="next" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <button type="submit">Change password</button>
      {status ? (
        <p role="status" className={status.ok ? "auth-ok" : "home-error"} data-testid="password-status">
          {status.text}
        </p>
      ) : null}
    </form>
  );
}
