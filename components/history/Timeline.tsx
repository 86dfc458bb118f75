/**
 * An agent's day as one horizontal bar of state segments (width ∝ time), each with a tooltip
 * (title) and, when wide enough, its label; hour ticks below. Colours come from globals.css
 * by `data-state`; the state is always written in the tooltip and the table below.
 */
import type { Segment } from "@/lib/history/agent-day";
import { hms } from "@/lib/history/format";
import { localTime } from "@/lib/history/reports";

export function Timeline({ segments, start, end, timeZone }: { segments: Segment[]; start: number; end: number; timeZone: string }) {
  const span = end - start;
  const hours: number[] = [];
  for (let t = start; t < end; t += 3_600_000) hours.push(t);
  return (
    <div className="history-timeline" data-testid="agent-timeline">
      <div className="history-timeline-bar" role="list" aria-label="States through the day">
        {segments.map((s) => {
          const text = `${s.status}${s.pauseCode ? ` ${s.pauseCode}` : ""} ${localTime(s.start, timeZone, "HH:mm:ss")}–${localTime(s.end, timeZone, "HH:mm:ss")} (${hms((s.end - s.start) / 1000)})`;
          const width = ((s.end - s.start) / span) * 100;
          return (
            <div
              key={s.start}
              role="listitem"
              className="history-seg"
              data-testid="timeline-segment"
              data-state={s.status}
              style={{ left: `${((s.start - start) / span) * 100}%`, width: `${width}%` }}
              title={text}
              aria-label={text}
            >
              {width > 4 ? <span>{s.pauseCode ?? s.status}</span> : null}
            </div>
          );
        })}
      </div>
      <div className="history-timeline-ticks" aria-hidden="true">
        {hours.map((t, i) =>
          i % 2 === 0 ? (
            <span key={t} style={{ left: `${((t - start) / span) * 100}%` }}>
              {localTime(t, timeZone, "HH:mm")}
            </span>
          ) : null,
        )}
      </div>
    </div>
  );
}
