/**
 * HTTP helpers the simulators share: their listener on loopback that stops like a crashed
 * server and comes back on the same port, bounded JSON bodies, JSON answers, refusing an
 * upgrade.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

/**
 * Listens on 127.0.0.1 at `port` (0: a free one the OS picks); resolves with the port listened
 * on, rejects when the port cannot be had (e.g. taken since a simulator's previous start).
 */
async function listenOnLoopback(server: http.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Closes the listener and cuts every connection still open (idle keep-alive ones included),
 * as a crashed server would; resolves once the listener is closed.
 */
function closeAbruptly(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** What a simulator does with a request and with a WebSocket upgrade request. */
export interface SimulatorHandlers {
  request(req: http.IncomingMessage, res: http.ServerResponse): void;
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * The listening half every simulator has: an HTTP server on 127.0.0.1 handing requests and
 * upgrades to the simulator. {@link stop} is a crash (clients dropped, listener closed) and
 * {@link start} without a port comes back on the port of the previous start, so a client's
 * configured URL still points at the simulator after a restart.
 */
export class LoopbackListener {
  private server: http.Server | null = null;
  private lastPort: number | null = null;

  /** `name` is the simulator's, for the error when it is started twice. */
  constructor(
    private readonly name: string,
    private readonly handlers: SimulatorHandlers,
  ) {}

  /** True between start() and stop(). */
  get listening(): boolean {
    return this.server !== null;
  }

  /** The port listened on (or last listened on); null before the first start. */
  get port(): number | null {
    return this.lastPort;
  }

  /** Listens at `port`; without one, the previous start's port, else a free one. Resolves with the port. */
  async start(port?: number): Promise<number> {
    if (this.server) throw new Error(`${this.name} already started`);
    const server = http.createServer((req, res) => this.handlers.request(req, res));
    server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.handlers.upgrade(req, socket, head));
    this.lastPort = await listenOnLoopback(server, port ?? this.lastPort ?? 0);
    this.server = server;
    return this.lastPort;
  }

  /** Stops like a crash: `dropClients()` first, then the listener and its connections are cut. No-op when stopped. */
  async stop(dropClients: () => void): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    dropClients();
    await closeAbruptly(server);
  }
}

/** Largest request body a simulator reads, bytes. */
export const MAX_SIM_BODY_BYTES = 64 * 1024;

/** The request body parsed as JSON; null for invalid JSON; rejects when the body is too large. */
export function readJsonBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_SIM_BODY_BYTES) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        resolve(null);
      }
    });
    req.on("error", reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Answers an upgrade request with a plain HTTP error and closes the socket (no WebSocket). */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.once("error", () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
