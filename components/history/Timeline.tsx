"use client";
/**
 * An agent's day as one horizontal bar of state segments (width ∝ time), fitted to the shift
 * (first to last activity) and zoomable: zoom in and out, move earlier or later, back to the
 * shift or the whole day. Each segment has a tooltip and, when wide enough, its label; ticks
 * below at whole local times. Colours come from lib/wall/palette.ts by `data-state`; the
 * state is always written in the tooltip and the table below.
 */
import { useMemo, useState } from "react";
import type { Segment } from "@/lib/history/agent-day";
import { duration } from "@/lib/history/format";
import { panRange, shiftRange, timelineBar, timelineTicks, zoomRange, type TimeRange } from "@/lib/wall/timeline";

/** HH:mm (or HH:mm:ss) in `timeZone`. */
function clock(t: number, timeZone: string, seconds = false): string {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hourCycle: "h23", timeZone }).format(t);
}

/** The zone's UTC offset at `t` (ms), so ticks land on local whole hours. */
function zoneOffset(t: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(t);
  const get = (k: string) => Number(parts.find((p) => p.type === k)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(t / 1000) * 1000;
}

export function Timeline({ segments, start, end, timeZone }: { segments: Segment[]; start: number; end: number; timeZone: string }) {
  const day: TimeRange = useMemo(() => ({ start, end }), [start, end]);
  const shift = useMemo(() => shiftRange(segments, day), [segments, day]);
  const [range, setRange] = useState<TimeRange>(shift);
  const bar = timelineBar(
    segments.map((s) => ({ start: s.start, end: s.end, status: s.status, pauseCode: s.pauseCode })),
    range.start,
    range.end,
  );
  const span = range.end - range.start;
  const ticks = timelineTicks(range, 12, zoneOffset(range.start, timeZone));
  const isDay = range.start === day.start && range.end === day.end;
  const isShift = range.start === shift.start && range.end === shift.end;

  return (
    <div className="history-timeline" data-testid="agent-timeline" data-start={range.start} data-end={range.end}>
      <div className="history-timeline-tools" role="group" aria-label="Timeline zoom">
        <span className="history-timeline-range" data-testid="timeline-range">
          {clock(range.start, timeZone)}–{clock(range.end, timeZone)} ({duration(span / 1000)})
        </span>
        <button type="button" className="btn btn-small btn-plain" onClick={() => setRange(zoomRange(range, 0.5, day))} aria-label="Zoom in" data-testid="timeline-zoom-in">
          + Zoom in
        </button>
        <button type="button" className="btn btn-small btn-plain" onClick={() => setRange(zoomRange(range, 2, day))} aria-label="Zoom out" disabled={isDay}>
          − Zoom out
        </button>
        <button type="button" className="btn btn-small btn-plain" onClick={() => setRange(panRange(range, -0.5, day))} aria-label="Earlier" disabled={range.start <= day.start}>
          ◀ Earlier
        </button>
        <button type="button" className="btn btn-small btn-plain" onClick={() => setRange(panRange(range, 0.5, day))} aria-label="Later" disabled={range.end >= day.end}>
          Later ▶
        </button>
        <button type="button" className="btn btn-small btn-plain" onClick={() => setRange(shift)} aria-pressed={isShift} data-testid="timeline-fit-shift">
          Shift
        </button>
        <button type="button" className="btn btn-small btn-plain" onClick={() => setRange(day)} aria-pressed={isDay}>
          Whole day
        </button>
      </div>
      <div className="history-timeline-bar" role="list" aria-label="States through the day">
        {bar.map((s) => {
          const text = `${s.status}${s.pauseCode ? ` ${s.pauseCode}` : ""} ${clock(s.start, timeZone, true)}–${clock(s.end, timeZone, true)} (${duration((s.end - s.start) / 1000)})`;
          return (
            <div
              key={s.start}
              role="listitem"
              className="history-seg"
              data-testid="timeline-segment"
              data-state={s.status}
              style={{ left: `${s.left}%`, width: `${s.width}%` }}
              title={text}
              aria-label={text}
            >
              {s.width > 4 ? <span>{s.pauseCode ?? s.status}</span> : null}
            </div>
          );
        })}
        {ticks.map((t) => (
          <span key={t} className="history-timeline-grid" style={{ left: `${((t - range.start) / span) * 100}%` }} aria-hidden />
        ))}
      </div>
      <div className="history-timeline-ticks" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t} style={{ left: `${((t - range.start) / span) * 100}%` }}>
            {clock(t, timeZone)}
          </span>
        ))}
      </div>
    </div>
  );
}
