/**
 * Realtime topic names (README "Realtime"): `campaign:<id>`, `campaign:*`, `agent:<user>`.
 */
import { ALL_CAMPAIGNS_TOPIC } from "./contract";

export type Topic = { kind: "campaign"; campaign: string } | { kind: "all-campaigns" } | { kind: "agent"; user: string };

/** Parses a topic string; returns null when it is not one of the forms above. */
export function parseTopic(topic: unknown): Topic | null {
  if (typeof topic !== "string" || topic.length > 200) return null;
  if (topic === ALL_CAMPAIGNS_TOPIC) return { kind: "all-campaigns" };
  const m = /^(campaign|agent):(.+)$/.exec(topic);
  if (!m) return null;
  return m[1] === "campaign" ? { kind: "campaign", campaign: m[2]! } : { kind: "agent", user: m[2]! };
}
