/**
 * Realtime fan-out over Socket.IO: one room per topic; a subscriber gets a snapshot of the
 * topic, then a delta for every change. Deltas are encoded once per room by Socket.IO.
 */
import type { Server, Socket } from "socket.io";
import type { AgentChange, LiveBoard } from "../agents/live-board";
import type { AgentView } from "../agents/view";
import { parseTopic, type Topic } from "./topics";
import {
  ALL_CAMPAIGNS_TOPIC,
  agentTopic,
  campaignTopic,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
} from "./contract";

export type WallboardIo = Server<ClientToServerEvents, ServerToClientEvents>;
type WallboardSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Most topics one subscribe may ask for. */
const MAX_TOPICS_PER_REQUEST = 100;

export class AgentFanout {
  constructor(
    private readonly io: WallboardIo,
    private readonly board: LiveBoard,
    private readonly now: () => number,
  ) {
    io.on("connection", (socket) => this.accept(socket));
  }

  /** Sends each change to the rooms it concerns: its campaign (and the one it left), all, the agent. */
  publish(changes: readonly AgentChange[]): void {
    const serverTime = this.now();
    for (const { agent, previousCampaign } of changes) {
      const rooms = [campaignTopic(agent.campaign), ALL_CAMPAIGNS_TOPIC, agentTopic(agent.user)];
      if (previousCampaign !== null && previousCampaign !== agent.campaign) rooms.push(campaignTopic(previousCampaign));
      for (const room of rooms) this.io.to(room).emit("agent", { topic: room, agent, serverTime });
    }
  }

  private accept(socket: WallboardSocket): void {
    socket.on("subscribe", (req, ack) => this.subscribe(socket, req, ack));
    socket.on("unsubscribe", (req, ack) => {
      const { valid, denied } = validate(req);
      for (const t of valid) void socket.leave(t);
      safeAck(ack, { ok: denied.length === 0, topics: valid, denied });
    });
  }

  private subscribe(socket: WallboardSocket, req: SubscribeRequest, ack: (res: SubscribeAck) => void): void {
    const { valid, denied } = validate(req);
    for (const topic of valid) {
      void socket.join(topic);
      socket.emit("snapshot", { topic, agents: this.agentsOf(parseTopic(topic)!), calls: [], queues: [], pbx: [], serverTime: this.now() });
    }
    safeAck(ack, { ok: denied.length === 0, topics: valid, denied });
  }

  private agentsOf(topic: Topic): AgentView[] {
    switch (topic.kind) {
      case "all-campaigns":
        return this.board.list();
      case "campaign":
        return this.board.list(topic.campaign);
      case "agent": {
        const agent = this.board.get(topic.user);
        return agent ? [agent] : [];
      }
    }
  }
}

function validate(req: unknown): { valid: string[]; denied: SubscribeAck["denied"] } {
  const topics = (req as SubscribeRequest | undefined)?.topics;
  if (!Array.isArray(topics)) return { valid: [], denied: [{ topic: "", reason: "expected { topics: string[] }" }] };
  const valid: string[] = [];
  const denied: SubscribeAck["denied"] = [];
  for (const [i, t] of topics.entries()) {
    if (i >= MAX_TOPICS_PER_REQUEST) denied.push({ topic: String(t), reason: `more than ${MAX_TOPICS_PER_REQUEST} topics` });
    else if (parseTopic(t)) valid.push(t as string);
    else denied.push({ topic: String(t), reason: "unknown topic; use campaign:<id>, campaign:* or agent:<user>" });
  }
  return { valid: [...new Set(valid)], denied };
}

function safeAck(ack: unknown, res: SubscribeAck): void {
  if (typeof ack === "function") (ack as (r: SubscribeAck) => void)(res);
}
