/**
 * What the platform simulators (XuC in sim/xuc/simulator.ts, VoIPBin in sim/voipbin/simulator.ts)
 * share around their own protocol: one loopback HTTP listener for REST and the WebSocket
 * upgrade, the set of connected clients, and the controls tests use to break the connection
 * (start/stop as a crash and a restart on the same port, dropLinks as a network blip, raw
 * frames). Each simulator says how a client is closed and how a frame is sent to it.
 *
 * `C` is the simulator's own client record.
 */
import type http from "node:http";
import type { Duplex } from "node:stream";
import { LoopbackListener } from "./http";

export abstract class PlatformSimulator<C> {
  /** The clients connected now; a client removes itself when its socket closes. */
  protected readonly clientSet = new Set<C>();
  protected readonly listener: LoopbackListener;

  /** `name` is the simulator's, for its errors (started twice, not started). */
  protected constructor(private readonly name: string) {
    this.listener = new LoopbackListener(name, {
      request: (req, res) => void this.onRequest(req, res),
      upgrade: (req, socket, head) => this.onUpgrade(req, socket, head),
    });
  }

  /** Listens on 127.0.0.1 at `port`; without one, the previous start's port (a restart keeps the URL), else a free one. */
  start(port?: number): Promise<number> {
    return this.listener.start(port);
  }

  /** Stops like a crashed server: sockets destroyed, listener closed; the world and the tokens are kept. */
  stop(): Promise<void> {
    return this.listener.stop(() => this.dropLinks());
  }

  /** Destroys every client socket (a network blip); keeps listening. */
  dropLinks(): void {
    for (const c of this.clientSet) this.closeClient(c);
    this.clientSet.clear();
  }

  /** Sends `text` verbatim to every client (e.g. a malformed frame). */
  sendRaw(text: string): void {
    for (const c of this.clientSet) this.send(c, text);
  }

  /** The port listened on (or last listened on); throws before the first start. */
  get port(): number {
    const port = this.listener.port;
    if (port === null) throw new Error(`${this.name} not started`);
    return port;
  }

  /** http://127.0.0.1:PORT, the base URL a link is configured with. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  clients(): number {
    return this.clientSet.size;
  }

  protected abstract onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;
  protected abstract onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends one client's connection abruptly (no close frame), with whatever timers it has. */
  protected abstract closeClient(c: C): void;
  /** Sends one frame to one client, as the simulator sends (a frozen client gets nothing). */
  protected abstract send(c: C, text: string): void;
}
