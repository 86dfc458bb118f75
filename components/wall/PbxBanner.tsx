/**
 * Says loudly that a PBX link is down: while it is, calls, queue figures and phone states
 * stop changing, so the supervisor must know they may be out of date. Hidden when every
 * link is up or no PBX is configured.
 */
import { formatDuration } from "@/lib/format/duration";
import { outageText, pbxOutages, type PbxState } from "@/lib/wall/pbx";

export interface PbxBannerProps {
  pbx: PbxState;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
}

/** What may be out of date, by the kinds of the links that are out. */
function bannerNote(kinds: readonly (string | undefined)[]): string {
  const notes: string[] = [];
  if (kinds.some((k) => k === "vicidial-db")) notes.push("The dialer, in-group queues and database corrections are not updating.");
  if (kinds.some((k) => k === "xuc" || k === "voipbin")) notes.push("Agent states, calls and queue figures from that system may be out of date.");
  if (kinds.some((k) => k === undefined || k === "vodia")) notes.push("Calls, queue figures and phone states may be out of date.");
  return notes.join(" ");
}

export function PbxBanner({ pbx, serverNow }: PbxBannerProps) {
  const outages = pbxOutages(pbx);
  if (outages.length === 0) return null;

  return (
    <div className="pbx-banner" data-testid="pbx-banner" role="alert">
      {outages.map((o) => (
        <p key={o.name} className="pbx-outage" data-testid="pbx-outage" data-link={o.name} data-state={o.state}>
          <span aria-hidden>⚠ </span>
          <span suppressHydrationWarning>{outageText(o)}</span>
          <span className="pbx-outage-detail">
            {serverNow !== null && ` · out for ${formatDuration((serverNow - o.since) / 1000)}`}
            {o.state === "connecting" ? " · reconnecting" : ""}
            {o.reconnects > 0 ? ` (${o.reconnects} ${o.reconnects === 1 ? "retry" : "retries"})` : ""}
            {o.lastError ? ` · ${o.lastError}` : ""}
          </span>
        </p>
      ))}
      <p className="pbx-banner-note">{bannerNote(outages.map((o) => o.kind))}</p>
    </div>
  );
}
