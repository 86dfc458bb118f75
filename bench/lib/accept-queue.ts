/**
 * The depth of a listening socket's accept queue (connections the kernel completed and the
 * server has not yet accepted), sampled from /proc/net/tcp and /proc/net/tcp6: for a socket
 * in LISTEN state the rx_queue column is that count (Linux). Node accepts one connection per
 * turn of its event loop (libuv >= 1.45, libuv PR #3696), so with a new connection per push
 * this queue is where pushes wait when the worker's turns get long; at the backlog (4,096)
 * the kernel drops SYNs and clients resend them 1 s later.
 */
import { readFileSync } from "node:fs";

/** Current accept-queue depth of the listener(s) on `port` (0 when none is found). */
export function acceptQueueDepth(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  let depth = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const f = line.trim().split(/\s+/);
      // sl local_address rem_address st tx_queue:rx_queue ...; st 0A = LISTEN.
      if (f.length < 5 || f[3] !== "0A" || !f[1]!.endsWith(`:${hexPort}`)) continue;
      depth += parseInt(f[4]!.split(":")[1]!, 16);
    }
  }
  return depth;
}

/** Samples {@link acceptQueueDepth} every `everyMs` until `stop()`, which returns the deepest seen. */
export function acceptQueueSampler(port: number, everyMs = 20): { stop(): number } {
  let max = 0;
  const timer = setInterval(() => {
    max = Math.max(max, acceptQueueDepth(port));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, acceptQueueDepth(port));
    },
  };
}

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * (TcpExtListenOverflows in /proc/net/netstat, all sockets of the machine), or null where that
 * file is missing. Each such drop makes the client resend its SYN 1 s later (then 3, 7 s): a
 * push's tail of seconds is this, not the wallboard's own work.
 */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync("/proc/net/netstat", "utf8").split("\n");
    for (let i = 0; i + 1 < lines.length; i += 2) {
      if (!lines[i]!.startsWith("TcpExt:")) continue;
      const names = lines[i]!.split(/\s+/);
      const values = lines[i + 1]!.split(/\s+/);
      const at = names.indexOf("ListenOverflows");
      return at < 0 ? null : Number(values[at]);
    }
    return null;
  } catch {
    return null;
  }
}
