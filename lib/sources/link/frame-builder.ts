/**
 * What both platform adapters (lib/sources/xuc/adapter.ts, lib/sources/voipbin/adapter.ts) do
 * while they apply one frame to what they know of the platform: keep the knowledge
 * copy-on-write (the caller's object is never changed; {@link set} makes a new one), collect
 * the neutral events and the warnings the frame gives, and stamp every event with its source,
 * platform and receive time.
 *
 * `K` is the adapter's knowledge (an object of maps), `L` its limits, `P` its platform.
 */
import type { NeutralEvent, PlatformKind } from "../neutral-events";

/** What the adapter is told about the frame: the link's name, when it arrived (ms, server clock), the limits when not the defaults. */
export interface FrameContext<L> {
  source: string;
  receivedAt: number;
  limits?: L;
}

export abstract class FrameBuilder<K extends object, L, P extends PlatformKind> {
  protected k: K;
  protected readonly events: NeutralEvent[] = [];
  /** Things worth a log line (unknown names, refused entries...). */
  protected readonly warnings: string[] = [];
  protected readonly limits: L;

  protected constructor(
    knowledge: K,
    protected readonly ctx: FrameContext<L>,
    defaultLimits: L,
    private readonly platform: P,
  ) {
    this.k = knowledge;
    this.limits = ctx.limits ?? defaultLimits;
  }

  /** The fields every event of this frame starts with. */
  protected base(): { source: string; platform: P; receivedAt: number } {
    return { source: this.ctx.source, platform: this.platform, receivedAt: this.ctx.receivedAt };
  }

  /** Replaces one part of the knowledge (a new knowledge object; the old one is left as it was). */
  protected set<Key extends keyof K>(key: Key, value: K[Key]): void {
    this.k = { ...this.k, [key]: value };
  }
}
