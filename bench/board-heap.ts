/**
 * The live board's heap after a shift: an AgentBook (lib/agents/agent-book.ts, as the server
 * builds it) fed `events` events for each of `agents` agents, the agent-screen cycle of
 * bench/lib/events.ts (ready, dial, in call, disposition, paused) with stamped messages, in
 * commit batches of one event per agent. Prints one JSON line: heap bytes held by the board
 * (heapUsed after a full GC, minus before) and the events kept per agent.
 *
 * Run: node --expose-gc --import tsx bench/board-heap.ts <agents> <events> [capacity]
 * (capacity: events kept per agent, default lib/agents/event-log.ts EVENT_LOG_CAPACITY)
 * (bench/scenarios/fanout.ts does). Throws without --expose-gc.
 */
import { AgentBook } from "../lib/agents/agent-book";
import { EVENT_LOG_CAPACITY } from "../lib/agents/event-log";
import type { StoredAgentEvent } from "../lib/events/types";

const [agents, events, capacity = EVENT_LOG_CAPACITY] = process.argv.slice(2).map(Number) as [number, number, number?];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
if (!(agents > 0 && events > 0)) throw new Error("usage: board-heap.ts <agents> <events>");

const CYCLE = [
  ["state_ready", "READY"],
  ["call_dialed", "1234567890"],
  ["state_incall", "INCALL"],
  ["dispo_set", "SALE"],
  ["state_paused", "PAUSED"],
] as const;

gc();
const before = process.memoryUsage().heapUsed;
const book = new AgentBook({ staleAfterMs: 3_600_000, maxAgents: agents, eventLogCapacity: capacity });
const t0 = Date.now();
let id = 1;
for (let k = 0; k < events; k++) {
  const batch: StoredAgentEvent[] = [];
  for (let a = 0; a < agents; a++) {
    const [event, message] = CYCLE[k % CYCLE.length]!;
    batch.push({
      id: id++,
      source: "vicidial-push",
      user: `h${a}`,
      event,
      message: `${message} bt${(t0 + k * 1000).toFixed(3)}`,
      leadId: String(1_000_000 + a * 1_000 + Math.floor(k / CYCLE.length)),
      epoch: Math.floor(t0 / 1000) - 3_600 + k,
      agentLogId: String(900_000_000 + a),
      counter: k + 1,
      campaign: `C${a % 20}`,
      receivedAt: t0 + k * 1000,
      raw: {},
    });
  }
  book.apply(batch, t0 + k * 1000);
}
gc();
const heapBytes = process.memoryUsage().heapUsed - before;
console.log(JSON.stringify({ agents: book.size, heapBytes, keptPerAgent: Math.min(events, capacity) }));
