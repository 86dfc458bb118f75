/**
 * The named links a hub holds (the Vodia PBX links in lib/sources/vodia/hub.ts, the XuC and
 * VoIPBin links in lib/sources/platform/hub.ts): added started, removed stopped, reconnected by
 * a stop and a start. What each hub does on top (frames and their store, the platforms' router)
 * stays in the hub.
 */

/** What the set needs of a link. */
export interface StartStop {
  start(): void;
  stop(): void;
}

export class LinkSet<L extends StartStop> {
  private readonly links = new Map<string, L>();

  /**
   * Holds `link` under `name` and starts it. One already under that name is replaced without
   * being stopped: a hub that may re-add a name removes it first.
   */
  add(name: string, link: L): void {
    this.links.set(name, link);
    link.start();
  }

  /** Stops and forgets the link named `name`; returns it, or undefined when there is none. */
  remove(name: string): L | undefined {
    const link = this.links.get(name);
    if (!link) return undefined;
    link.stop();
    this.links.delete(name);
    return link;
  }

  /** Drops the connection and connects again at once; false when there is no such link. */
  reconnect(name: string): boolean {
    const link = this.links.get(name);
    if (!link) return false;
    link.stop();
    link.start();
    return true;
  }

  get(name: string): L | undefined {
    return this.links.get(name);
  }

  has(name: string): boolean {
    return this.links.has(name);
  }

  values(): L[] {
    return [...this.links.values()];
  }

  /** Stops every link; with `forget`, the set is emptied too. */
  stopAll(forget = false): void {
    for (const link of this.links.values()) link.stop();
    if (forget) this.links.clear();
  }
}
