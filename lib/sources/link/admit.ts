/**
 * The bound both platform adapters (lib/sources/xuc/adapter.ts, lib/sources/voipbin/adapter.ts)
 * put on what they remember of a platform (agents, queues, waiting-call lists...): an entry
 * already held is always updated, a new one is taken only while fewer than `max` are held, so a
 * platform that sends too much cannot grow the wallboard's memory. A refusal is not an error of
 * the link: it goes to the frame's warnings, worded "<what> refused: more than <max> <plural>".
 */

/** Whether `map` may take `key`; when not, the refusal is pushed to `warnings`. */
export function admitKey(map: ReadonlyMap<string, unknown>, key: string, max: number, warnings: string[], what: string, plural: string): boolean {
  if (map.has(key) || map.size < max) return true;
  warnings.push(`${what} refused: more than ${max} ${plural}`);
  return false;
}
