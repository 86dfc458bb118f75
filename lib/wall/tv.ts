/**
 * TV mode (/tv): which views rotate, how often, in which theme, from the page's query string
 * and the viewer's scope. Pure.
 *
 * `views`: comma list of `campaign:<id>` (a campaign wall; `campaign:*` all campaigns, for
 * managers and admins), `queues` (the queue strip of the visible campaigns), `leaderboard`.
 * `every`: seconds per view (default 30; 0: no rotation). `theme`: `dark` (default) or `light`.
 */

export type TvView = { kind: "campaign"; campaign: string } | { kind: "queues" } | { kind: "leaderboard" };
export type TvTheme = "dark" | "light";

export interface TvScope {
  /** Managers and admins: every campaign. */
  all: boolean;
  /** The campaigns of a supervisor or a display token (all: the campaigns on the board). */
  campaigns: readonly string[];
}

export interface TvConfig {
  views: TvView[];
  /** Seconds per view; 0: no rotation. */
  everySec: number;
  theme: TvTheme;
  /** Views asked for but refused (out of scope or malformed), to say so on screen. */
  refused: string[];
}

export const DEFAULT_EVERY_SEC = 30;
/** Shortest rotation interval (s): faster would not leave time to read a view. */
export const MIN_EVERY_SEC = 2;
export const MAX_EVERY_SEC = 3600;

export const viewId = (v: TvView): string => (v.kind === "campaign" ? `campaign:${v.campaign}` : v.kind);

export function viewTitle(v: TvView): string {
  if (v.kind === "campaign") return v.campaign === "*" ? "All campaigns" : v.campaign;
  return v.kind === "queues" ? "Queues" : "Leaderboard";
}

/** One entry of `views`, or null when malformed. */
export function parseView(text: string): TvView | null {
  const t = text.trim();
  if (t === "queues" || t === "leaderboard") return { kind: t };
  if (t.startsWith("campaign:")) {
    const campaign = t.slice("campaign:".length).trim();
    if (campaign && campaign.length <= 100) return { kind: "campaign", campaign };
  }
  return null;
}

function canSee(scope: TvScope, campaign: string): boolean {
  if (campaign === "*") return scope.all;
  return scope.all || scope.campaigns.includes(campaign);
}

/** The default views: one wall per campaign in scope, or all campaigns for a manager. */
export function defaultViews(scope: TvScope): TvView[] {
  if (scope.all) return [{ kind: "campaign", campaign: "*" }];
  return scope.campaigns.map((campaign) => ({ kind: "campaign", campaign }));
}

type Params = { get(name: string): string | null };

export function parseTvConfig(params: Params, scope: TvScope): TvConfig {
  const refused: string[] = [];
  const views: TvView[] = [];
  const seen = new Set<string>();
  const raw = params.get("views");
  for (const part of (raw ?? "").split(",")) {
    if (!part.trim()) continue;
    const v = parseView(part);
    if (!v || (v.kind === "campaign" && !canSee(scope, v.campaign))) {
      refused.push(part.trim());
      continue;
    }
    const id = viewId(v);
    if (!seen.has(id)) views.push(v), seen.add(id);
  }
  const everyRaw = params.get("every");
  const n = everyRaw === null || everyRaw.trim() === "" ? DEFAULT_EVERY_SEC : Number(everyRaw);
  const everySec = !Number.isFinite(n) || n < 0 ? DEFAULT_EVERY_SEC : n === 0 ? 0 : Math.min(MAX_EVERY_SEC, Math.max(MIN_EVERY_SEC, n));
  const theme: TvTheme = params.get("theme") === "light" ? "light" : "dark";
  return { views: views.length > 0 ? views : defaultViews(scope), everySec, theme, refused };
}

/**
 * The realtime topics a TV needs: one per campaign view, and for the queues and leaderboard
 * views the campaigns in scope (all campaigns for a manager).
 */
export function topicsFor(views: readonly TvView[], scope: TvScope): string[] {
  const topics = new Set<string>();
  const needsScope = views.some((v) => v.kind !== "campaign");
  for (const v of views) if (v.kind === "campaign") topics.add(`campaign:${v.campaign}`);
  if (needsScope) {
    if (scope.all) topics.add("campaign:*");
    else for (const c of scope.campaigns) topics.add(`campaign:${c}`);
  }
  return [...topics];
}

/** `updated 2 s ago` for the freshness line; `no data yet` before any message. */
export function freshnessText(lastServerTime: number | null, serverNow: number | null): string {
  if (lastServerTime === null || serverNow === null) return "no data yet";
  const s = Math.max(0, Math.floor((serverNow - lastServerTime) / 1000));
  if (s < 60) return `updated ${s} s ago`;
  if (s < 3600) return `updated ${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s ago`;
  return `updated ${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min ago`;
}
