/**
 * TV mode URLs (README "TV mode"), for the builder on the wall-displays admin page and the
 * home page's links. Pure; the parser is lib/wall/tv.ts.
 */
import { DEFAULT_EVERY_SEC, type TvTheme, type TvView } from "./tv";

export interface TvUrlChoice {
  views: TvView[];
  /** Seconds per view; 0: no rotation. */
  everySec: number;
  theme: TvTheme;
}

const viewText = (v: TvView) => (v.kind === "campaign" ? `campaign:${v.campaign}` : v.kind);

/** `/tv?views=campaign:SALES,queues&every=20&theme=light` (defaults left out). */
export function tvPath(choice: TvUrlChoice): string {
  const q = new URLSearchParams();
  if (choice.views.length) q.set("views", choice.views.map(viewText).join(","));
  if (choice.everySec !== DEFAULT_EVERY_SEC && choice.views.length > 1) q.set("every", String(choice.everySec));
  if (choice.theme !== "dark") q.set("theme", choice.theme);
  // Commas and colons read better unescaped, and the parser takes them as they are.
  const text = q.toString().replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%2A/g, "*");
  return text ? `/tv?${text}` : "/tv";
}

/**
 * The URL a TV opens: `origin + path` for a signed-in browser; for a wall display URL
 * (`https://host/d/<token>`) the same view through `?to=`, so the TV needs no sign-in.
 */
export function tvUrlFor(path: string, origin: string, displayUrl?: string | null): string {
  if (displayUrl) return `${displayUrl}?to=${encodeURIComponent(path)}`;
  return `${origin}${path}`;
}
