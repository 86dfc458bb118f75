/**
 * What an agent tile says about the agent's phone (PBX extension), in words so it reads
 * without colour. `tone` only picks a style.
 */
import type { AgentView } from "../agents/view";

export interface PhonePart {
  text: string;
  tone: "ok" | "alert" | "active" | "unknown";
}

/**
 * The phone's status words: registration, DND, then ringing / connected. Facts the PBX has
 * not reported (null) are left out, and so is an idle phone; empty when there is no extension.
 */
export function phoneParts(agent: Pick<AgentView, "extension" | "registered" | "dnd" | "phoneState">): PhonePart[] {
  if (!agent.extension) return [];
  const parts: PhonePart[] = [];
  if (agent.registered === true) parts.push({ text: "registered", tone: "ok" });
  else if (agent.registered === false) parts.push({ text: "UNREGISTERED", tone: "alert" });
  if (agent.dnd === true) parts.push({ text: "DND", tone: "alert" });
  if (agent.phoneState === "ringing") parts.push({ text: "ringing", tone: "active" });
  else if (agent.phoneState === "connected") parts.push({ text: "connected", tone: "active" });
  if (parts.length === 0 && agent.registered === null && agent.dnd === null && agent.phoneState === null) {
    parts.push({ text: "no PBX status", tone: "unknown" });
  }
  return parts;
}
