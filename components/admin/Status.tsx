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

/** A list that could not be loaded: the reason, as an alert. */
export function LoadError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="home-error" role="alert">
      {error}
    </p>
  );
}

/** A form's submit button, and Cancel (which calls `onCancel`) while `cancellable`. */
export function FormButtons({ label, testId, cancellable, onCancel }: { label: string; testId: string; cancellable: boolean; onCancel: () => void }) {
  return (
    <div className="admin-buttons">
      <button type="submit" data-testid={testId}>
        {label}
      </button>
      {cancellable ? (
        <button type="button" className="btn btn-plain" onClick={onCancel}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/** The status of an action: `done` when the API call succeeded, else `<failed>: <the server's reason>`. */
export function outcome(answer: { ok: boolean; error: string | null }, done: string, failed: string): StatusValue {
  return answer.ok ? { ok: true, text: done } : { ok: false, text: `${failed}: ${answer.error}` };
}
