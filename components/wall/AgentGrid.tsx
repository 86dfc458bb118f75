"use client";
/**
 * The tiles, sized to fit their box without scrolling where possible (lib/wall/layout.ts):
 * a ResizeObserver measures the box, the fit picks columns, tile size, font and tile variant
 * from the number of agents. Groups (state, team, campaign) get a header each; logged-out
 * agents are the last group, dimmed, and a desk screen can fold them away.
 */
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { codeLegend, groupAgents, tileBands } from "@/lib/wall/arrange";
import { tickSlices } from "@/lib/wall/clock";
import { fitGrid, type GridFit } from "@/lib/wall/layout";
import { AgentTile, tileTimes, type TileBox } from "./AgentTile";
import { NoAgents, type AgentListProps } from "./AgentList";
import { useStaggeredNow } from "./useStaggeredNow";

/** The wall's agents as tiles ({@link AgentListProps}); desk screens may fold the logged-out agents away (`canFold`). */
export interface AgentGridProps extends AgentListProps {
  canFold?: boolean;
}

/**
 * Legibility floor of the state word and timer (px): 1/60 of the screen height, so they read
 * from 4 m on a wall or TV (README "The board").
 */
export const legibilityFloor = (screenHeight: number) => Math.round(screenHeight / 60);

/** Gap between tiles (px): smaller on dense walls, where every pixel is type. */
const gapFor = (count: number) => (count >= 500 ? 3 : 6);

/** A group header's height (px) for a box `height` px tall. */
const headerHeightFor = (height: number) => Math.round(Math.min(44, Math.max(22, height * 0.028)));

export function AgentGrid({ agents, serverNow, synced, groupBy = "none", sortBy = "state", alertUsers, onSelect, canFold = true, showCampaign = false, callsToday, emptyNotice }: AgentGridProps) {
  const outer = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const legendEl = useRef<HTMLParagraphElement>(null);
  const [size, setSize] = useState<{ width: number; height: number; screen: number; legend: number } | null>(null);
  const [showLoggedOut, setShowLoggedOut] = useState(true);

  // The height is the whole area's (legend included) and the legend's own height is passed
  // apart (fitGrid `minimalReserve`): measured as the tiles' box alone, a legend that appears
  // with minimal tiles would shrink the box it was fitted in and keep the wall minimal.
  useLayoutEffect(() => {
    const el = box.current;
    const area = outer.current;
    if (!el || !area) return;
    const measure = () => {
      const gap = parseFloat(getComputedStyle(area).rowGap) || 0;
      const shown = legendEl.current;
      // Not shown: one line of its type (.state-legend: clamp(12px, 0.8vw, 26px)).
      const legend = Math.ceil((shown ? shown.getBoundingClientRect().height : Math.min(26, Math.max(12, window.innerWidth * 0.008)) * 1.3) + gap);
      const next = { width: Math.floor(el.clientWidth), height: Math.floor(area.getBoundingClientRect().height), screen: window.innerHeight, legend };
      setSize((s) => (s && s.width === next.width && s.height === next.height && s.screen === next.screen && s.legend === next.legend ? s : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    ro.observe(area);
    return () => ro.disconnect();
  }, []);

  // A tile that changes state is re-created in its new band: keyboard focus on it would fall
  // to the page. The focused agent is remembered and its new tile focused again after render.
  const focusedUser = useRef<string | null>(null);
  const onFocusIn = (e: React.FocusEvent) => {
    focusedUser.current = (e.target as HTMLElement).closest<HTMLElement>("[data-user]")?.dataset.user ?? null;
  };
  const onFocusOut = (e: React.FocusEvent) => {
    const left = e.target as HTMLElement;
    // Still in the page after this turn: the person moved focus away (not a re-created tile).
    queueMicrotask(() => {
      if (left.isConnected) focusedUser.current = null;
    });
  };
  useLayoutEffect(() => {
    const user = focusedUser.current;
    const el = box.current;
    if (!user || !el || (document.activeElement && document.activeElement !== document.body)) return;
    el.querySelector<HTMLElement>(`[data-user="${CSS.escape(user)}"]`)?.focus({ preventScroll: true });
  });

  const groups = useMemo(() => groupAgents(agents, groupBy, sortBy), [agents, groupBy, sortBy]);
  // Each second's timers turn over in a few consecutive frames, a slice of the tiles in each.
  const nows = useStaggeredNow(serverNow, tickSlices(agents.length));
  let tileIndex = 0;
  const headerH = size ? headerHeightFor(size.height) : 28;
  const GAP_PX = gapFor(agents.length);
  const withHeader = (g: { loggedOut: boolean }) => groupBy !== "none" || g.loggedOut;
  // The fit depends on how many tiles each group has, not on which agents: keyed by the
  // sizes, it is recomputed when a group grows or shrinks, not on every delta.
  const sizesKey = groups.map((g) => `${g.loggedOut && !showLoggedOut ? 0 : g.agents.length}${withHeader(g) ? "h" : ""}`).join(",");
  const fit: GridFit | null = useMemo(() => {
    if (!size) return null;
    const parts = sizesKey ? sizesKey.split(",") : [];
    const sizes = parts.map((p) => parseInt(p, 10));
    const headers = parts.filter((p) => p.endsWith("h")).length * (headerH + GAP_PX);
    return fitGrid({ groups: sizes, width: size.width, height: size.height, gap: GAP_PX, headersHeight: headers, minStateFontPx: legibilityFloor(size.screen), minimalReserve: size.legend });
  }, [size, sizesKey, headerH, GAP_PX]);
  const legend = useMemo(() => (fit?.variant === "minimal" ? codeLegend(agents) : []), [fit?.variant, agents]);

  // One box object for as long as its numbers hold: every tile is memoised on it, so a new
  // object per delta re-rendered all 500 tiles at every frame (issue 14 profile).
  const boxW = fit?.tileWidth;
  const boxH = fit ? Math.floor(fit.tileHeight) : undefined;
  const boxFont = fit?.fontSize;
  const tileBox: TileBox | null = useMemo(
    () => (boxW !== undefined && boxH !== undefined && boxFont !== undefined ? { width: boxW, height: boxH, font: boxFont } : null),
    [boxW, boxH, boxFont],
  );
  const empty = agents.length === 0;
  const variant = fit?.variant ?? (agents.length >= 1000 ? "minimal" : agents.length >= 500 ? "compact" : "full");

  return (
    <div className="agent-grid-outer" ref={outer}>
      {legend.length > 0 && (
        <p className="state-legend" data-testid="state-legend" ref={legendEl}>
          <span className="state-legend-title">Codes:</span>
          {legend.map((l) => (
            <span key={l.code} className="state-legend-item">
              <b>{l.code}</b> {l.state === "LOGGED_OUT" ? "LOGGED OUT" : l.state}
            </span>
          ))}
        </p>
      )}
      <div
        ref={box}
        onFocus={onFocusIn}
        onBlur={onFocusOut}
        className="agent-fit"
        data-testid="agent-fit"
        data-variant={variant}
        data-fits={fit ? String(fit.fits) : undefined}
        data-columns={fit?.columns}
        data-legible={fit ? String(fit.legible) : undefined}
        style={
          fit
            ? ({
                fontSize: `${fit.fontSize}px`,
                "--cols": fit.columns,
                "--tile-h": `${Math.floor(fit.tileHeight)}px`,
                "--gap": `${GAP_PX}px`,
                "--group-h": `${headerH}px`,
              } as React.CSSProperties)
            : undefined
        }
      >
        {empty ? (
          <NoAgents synced={synced} emptyNotice={emptyNotice} />
        ) : (
          groups.map((g) => {
            const folded = g.loggedOut && !showLoggedOut;
            return (
              <section
                key={g.key}
                className="agent-group"
                data-group={g.key}
                data-testid={g.loggedOut ? "logged-out-group" : "agent-group"}
                aria-label={`${g.label} (${g.agents.length})`}
              >
                {withHeader(g) && (
                  <h2 className="agent-group-title">
                    {g.loggedOut && canFold ? (
                      <button type="button" aria-expanded={!folded} onClick={() => setShowLoggedOut((v) => !v)}>
                        <span aria-hidden>{folded ? "▸" : "▾"}</span> {g.label} ({g.agents.length})
                      </button>
                    ) : (
                      <>
                        {g.label} <span className="agent-group-count">({g.agents.length})</span>
                      </>
                    )}
                  </h2>
                )}
                {!folded && (
                  <div className="agent-grid" data-testid={g.loggedOut ? undefined : "agent-grid"}>
                    {/* Bands (display: contents, so their tiles are the grid's items): a state change
                        moves one tile between bands instead of React moving the tiles it passes. */}
                    {tileBands(g.agents, sortBy).map((band) => (
                      <div key={band.key} className="agent-band">
                        {band.agents.map((a) => (
                          <AgentTile
                            key={a.user}
                            agent={a}
                            {...tileTimes(a, nows[tileIndex++ % nows.length] ?? null)}
                            variant={variant}
                            box={tileBox}
                            showCampaign={showCampaign}
                            callsToday={callsToday?.get(a.user)}
                            alert={alertUsers?.get(a.user)}
                            onSelect={onSelect}
                          />
                        ))}
                      </div>
                    ))}
                  </div>
                )}
              </section>
            );
          })
        )}
      </div>
    </div>
  );
}
