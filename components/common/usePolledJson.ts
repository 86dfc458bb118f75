"use client";
import { useEffect, useState } from "react";

/**
 * GETs `url` as JSON now, every `everyMs` and again whenever `url` or `deps` change (no
 * request while `url` is null). `data` is the last good answer (kept through failures);
 * `error` the last failure's reason — the API's `{ error }`, else `HTTP <status>`, else the
 * network's message — cleared by the next success. Answers arriving after the component
 * went away or `url` changed are dropped.
 */
export function usePolledJson<T>(url: string | null, everyMs: number, deps: readonly unknown[] = []): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (url === null) return;
    let stop = false;
    const load = async () => {
      try {
        const res = await fetch(url, { cache: "no-store" });
        const body = (await res.json()) as T | { error: string };
        if (stop) return;
        if (!res.ok || (typeof body === "object" && body !== null && "error" in body)) setError(typeof body === "object" && body !== null && "error" in body ? body.error : `HTTP ${res.status}`);
        else {
          setData(body);
          setError(null);
        }
      } catch (err) {
        if (!stop) setError(err instanceof Error ? err.message : String(err));
      }
    };
    void load();
    const t = setInterval(load, everyMs);
    return () => {
      stop = true;
      clearInterval(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `deps` are the caller's extra reasons to reload
  }, [url, everyMs, ...deps]);
  return { data, error };
}
