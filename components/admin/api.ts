"use client";

import { useCallback, useEffect, useRef, useState } from "react";

export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  data: T | null;
  /** The server's one-line reason, or a network error, when !ok. */
  error: string | null;
  /** Line errors of a CSV import. */
  errors: string[];
}

/**
 * Calls an admin API. Every request carries the session's CSRF token (the server's gate
 * refuses state-changing requests without it); `body` is sent as JSON unless it is a string.
 */
export async function callApi<T>(csrf: string, method: string, path: string, body?: unknown, contentType = "application/json"): Promise<ApiAnswer<T>> {
  try {
    const res = await fetch(path, {
      method,
      cache: "no-store",
      headers: { "x-csrf-token": csrf, ...(body === undefined ? {} : { "content-type": contentType }) },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as (T & { error?: string; errors?: string[] }) | null;
    if (res.ok) return { ok: true, status: res.status, data: json, error: null, errors: [] };
    const reason = res.status === 403 && !json?.error ? "not allowed (admin role and a valid session needed)" : (json?.error ?? `request failed (HTTP ${res.status})`);
    return { ok: false, status: res.status, data: json, error: reason, errors: Array.isArray(json?.errors) ? json.errors : [] };
  } catch (err) {
    return { ok: false, status: 0, data: null, error: `the server cannot be reached: ${(err as Error).message}`, errors: [] };
  }
}

/** Loads `path` (GET) on mount, every `intervalMs` when given, and on `reload()`. */
export function useAdminData<T>(csrf: string, path: string, intervalMs?: number): { data: T | null; error: string | null; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);
  const reload = useCallback(async () => {
    const answer = await callApi<T>(csrf, "GET", path);
    if (!alive.current) return;
    if (answer.ok) {
      setData(answer.data);
      setError(null);
    } else setError(answer.error);
  }, [csrf, path]);
  useEffect(() => {
    alive.current = true;
    void reload();
    const timer = intervalMs ? setInterval(() => void reload(), intervalMs) : undefined;
    return () => {
      alive.current = false;
      if (timer) clearInterval(timer);
    };
  }, [reload, intervalMs]);
  return { data, error, reload };
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  const d = new Date(ms);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour12: false }) : d.toLocaleString([], { hour12: false });
}

export function formatAgo(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return "never";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** "SALES, SUPPORT" → ["SALES", "SUPPORT"]. */
export const splitList = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
