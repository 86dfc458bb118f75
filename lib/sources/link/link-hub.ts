/**
 * What every hub (the Vodia PBX hub in lib/sources/vodia/hub.ts, the platforms' hub in
 * lib/sources/platform/hub.ts) answers about the named links it holds in its {@link LinkSet}:
 * whether a name is held, a reconnect by name, and every link's status. Adding and removing
 * stay in each hub, because what a hub does around them (frames and their store, the
 * platforms' router) differs.
 *
 * `L` is the link type, `S` the status shape the hub reports (e.g. PbxLinkStatus, times in ms).
 */
import { LinkSet, type StartStop } from "./link-set";

export abstract class LinkHub<L extends StartStop, S> {
  protected readonly links = new LinkSet<L>();

  /** Drops the connection and connects again at once (a fresh sign-in and resync); false when there is no such link. */
  reconnect(name: string): boolean {
    return this.links.reconnect(name);
  }

  has(name: string): boolean {
    return this.links.has(name);
  }

  /** Every held link's status, in the hub's shape. */
  status(): S[] {
    return this.links.values().map((l) => this.statusOf(l));
  }

  /** One link's status in the hub's shape. */
  protected abstract statusOf(link: L): S;
}
