/**
 * A TCP proxy on loopback that a test can stall: while stalled it keeps every connection
 * open and accepts new ones but forwards nothing in either direction, the way a congested or
 * half-dead network path looks to a client (no error, no answer). thaw() resumes forwarding.
 */
import { createConnection, createServer, type Socket } from "node:net";
import { freePort } from "../../support/ports";

export interface StallProxy {
  port: number;
  stall(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startStallProxy(targetPort: number): Promise<StallProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let stalled = false;
  const pipes: { from: Socket; to: Socket }[] = [];
  const server = createServer((client) => {
    const upstream = createConnection(targetPort, "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => s.destroy());
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      pipes.push({ from, to });
      from.on("data", (chunk: Buffer) => to.write(chunk));
      if (stalled) from.pause();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    port,
    stall() {
      stalled = true;
      for (const p of pipes) p.from.pause();
    },
    thaw() {
      stalled = false;
      for (const p of pipes) p.from.resume();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
