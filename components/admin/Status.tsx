"use client";

/** The outcome of the last action: a polite live region, red when it failed. */
export function Status({ status, testId }: { status: { ok: boolean; text: string; details?: string[] } | null; testId?: string }) {
  if (!status) return null;
  return (
    <div role={status.ok ? "status" : "alert"} className={status.ok ? "admin-status admin-status-ok" : "admin-status admin-status-error"} data-testid={testId}>
      <p>{status.text}</p>
      {status.details?.length ? (
        <ul>
          {status.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export type StatusValue = { ok: boolean; text: string; details?: string[] } | null;
