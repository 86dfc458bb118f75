/**
 * The campaigns that exist, as far as the wallboard knows: on the live board (agents' events
 * and the roster), configured under Admin → Campaigns, or taking calls from a queue. A wall
 * for any other id is a typo, not an empty floor. Pure.
 */
export function knownCampaigns(...sources: Iterable<string>[]): string[] {
  const all = new Set<string>();
  for (const s of sources) for (const c of s) if (c) all.add(c);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** Whether `campaign` is one of `known`, and if not the known ones that look alike (case, typos). */
export function campaignLookup(campaign: string, known: readonly string[]): { exists: boolean; suggestions: string[] } {
  if (known.includes(campaign)) return { exists: true, suggestions: [] };
  const c = campaign.toLowerCase();
  const near = known.filter((k) => {
    const l = k.toLowerCase();
    return l === c || l.includes(c) || c.includes(l) || distance(l, c) <= 2;
  });
  return { exists: false, suggestions: near };
}

/** Levenshtein distance (short ids only). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
