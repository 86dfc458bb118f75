/**
 * The wall's active alerts: colour, icon and words (severity, what, since when), critical
 * ones flashing (a steady striped style under prefers-reduced-motion). Hidden when none.
 */
import type { AlertView } from "@/lib/alerts/types";
import { ALERT_ICON, alertFigure, alertSinceText, SEVERITY_WORD } from "@/lib/wall/alerts";
import type { QueueMap } from "@/lib/wall/queues";
import { dialerAlertFigure } from "@/lib/wall/dialer";
import type { DialerSlice } from "@/lib/dialer/types";
import type { AlertSound } from "./useAlertSound";

export interface AlertsListProps {
  /** Sorted (lib/wall/alerts.ts sortAlerts). */
  alerts: readonly AlertView[];
  /** ms, server clock; null before the clock is known. */
  serverNow: number | null;
  /** The wall's queue statistics: a queue alert shows the live figure, the queue card's own. */
  queues?: QueueMap;
  /** The wall's dialer figures: a dialer alert shows the strip's live figure beside it. */
  dialer?: DialerSlice;
}

export function AlertsList({ alerts, serverNow, queues, dialer }: AlertsListProps) {
  return (
    <section className="alerts-list" data-testid="alerts-list" data-count={alerts.length} aria-label="Alerts" hidden={alerts.length === 0}>
      <ul role="list" aria-live="polite">
        {alerts.map((a) => (
          <li key={a.id} className="alert-row" data-testid="alert-row" data-alert-id={a.id} data-severity={a.severity} data-type={a.type}>
            <span className="alert-icon" aria-hidden>
              {ALERT_ICON[a.type]}
            </span>
            <span className="alert-severity">{SEVERITY_WORD[a.severity]}</span>
            <span className="alert-message">
              {a.message}
              {(() => {
                const f = alertFigure(a, queues, serverNow) ?? dialerAlertFigure(a, dialer);
                return f ? (
                  <span className="alert-figure" data-testid="alert-figure" data-count={f.count ?? undefined}>
                    {" "}
                    · now {f.text}
                  </span>
                ) : null;
              })()}
            </span>
            <time className="alert-since" dateTime={new Date(a.since).toISOString()} suppressHydrationWarning>
              {alertSinceText(a.since, serverNow)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The sound toggle; says whether sound is on, muted, or waiting for a click to be allowed. */
export function AlertMuteButton({ sound, active }: { sound: AlertSound; active: number }) {
  const label = sound.muted ? "Sound off" : sound.blocked ? "Sound: click to allow" : "Sound on";
  return (
    <button
      type="button"
      className="alerts-mute"
      data-testid="alerts-mute"
      data-muted={sound.muted ? "true" : "false"}
      data-plays={sound.plays}
      aria-pressed={sound.muted}
      title={`Alert sound (${active} active alert${active === 1 ? "" : "s"}); click to ${sound.muted ? "unmute" : "mute"}`}
      onClick={sound.toggleMute}
    >
      <span aria-hidden>{sound.muted ? "⊘" : "♪"}</span> {label}
    </button>
  );
}
