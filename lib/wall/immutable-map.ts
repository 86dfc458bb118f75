/**
 * Changes to the wall's maps (agents, calls, queues, alerts) the way React wants them: a new
 * map when something changed, the same map when nothing did (React then skips a render).
 */

/** `current` with `key` set to `value`, or without `key` when `value` is undefined (`current` itself when it had no such key). */
export function withEntry<K, V>(current: ReadonlyMap<K, V>, key: K, value: V | undefined): ReadonlyMap<K, V> {
  if (value === undefined && !current.has(key)) return current;
  const next = new Map(current);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}
