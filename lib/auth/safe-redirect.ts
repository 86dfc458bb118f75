/**
 * Where a `next=` or `to=` parameter may send a browser after sign-in or a wall display URL:
 * only a path on this site (issue 11 item 13). Browsers read `/\evil.example` and
 * `/<TAB>/evil.example` as `//evil.example` (another site), so a "starts with / but not //"
 * check is not enough: backslashes, control characters and whitespace are refused outright,
 * and the path must stay on a dummy origin when resolved the way a browser would.
 */

const PROBE_ORIGIN = "http://wallboard.invalid";

/** `target` when it is a same-site path (e.g. `/tv?views=queues`), else `fallback`. */
export function sameSitePath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2048) return fallback;
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  // Backslashes, whitespace and control characters: browsers strip or reinterpret them.
  if (/[\\\s\u0000-\u001f\u007f]/.test(target)) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(target, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  return resolved.origin === PROBE_ORIGIN ? target : fallback;
}
