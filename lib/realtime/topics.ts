/**
 * Realtime topic names (README "Realtime"): `campaign:<id>`, `campaign:*`, `agent:<user>`,
 * `queue:<id>`.
 */
import { ALL_CAMPAIGNS_TOPIC } from "./contract";

export type Topic =
  | { kind: "campaign"; campaign: string }
  | { kind: "all-campaigns" }
  | { kind: "agent"; user: string }
  | { kind: "queue"; queue: string };

/** Parses a topic string; returns null when it is not one of the forms above. */
export function parseTopic(topic: unknown): Topic | null {
  if (typeof topic !== "string" || topic.length > 200) return null;
  if (topic === ALL_CAMPAIGNS_TOPIC) return { kind: "all-campaigns" };
  const m = /^(campaign|agent|queue):(.+)$/.exec(topic);
  if (!m) return null;
  if (m[1] === "campaign") return { kind: "campaign", campaign: m[2]! };
  return m[1] === "agent" ? { kind: "agent", user: m[2]! } : { kind: "queue", queue: m[2]! };
}
