/**
 * A bounded memory of recently seen frame texts, to drop exact repeats (VoIPBin publishes each
 * event under two topic forms, so a prefix subscriber receives the same text twice:
 * bin-api-manager/pkg/subscribehandler/webhookmanager.go createTopics, and
 * pkg/pubsubhandler/subscriber.go deliver()).
 *
 * Keeps at most `maxEntries` texts, each for `windowMs` (server clock); the oldest are
 * forgotten first. Texts are compared by SHA-1 so memory stays bounded whatever their size.
 */
import { createHash } from "node:crypto";

export class RecentTexts {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly maxEntries: number,
    private readonly windowMs: number,
  ) {}

  /** True when `text` was seen within the window (and refreshes nothing); else remembers it. */
  seenBefore(text: string, now: number): boolean {
    const key = createHash("sha1").update(text).digest("base64");
    const at = this.seen.get(key);
    if (at !== undefined && now - at <= this.windowMs) return true;
    this.seen.delete(key);
    this.seen.set(key, now);
    this.trim(now);
    return false;
  }

  clear(): void {
    this.seen.clear();
  }

  get size(): number {
    return this.seen.size;
  }

  private trim(now: number): void {
    for (const [key, at] of this.seen) {
      if (this.seen.size <= this.maxEntries && now - at <= this.windowMs) break;
      this.seen.delete(key);
    }
  }
}
