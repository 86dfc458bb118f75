/**
 * The agent's phone on a tile: extension and PBX status in words, and the phone/VICIdial
 * mismatch as a flag that reads on every tile colour.
 */
import type { AgentView } from "@/lib/agents/view";
import { phoneParts } from "@/lib/board/phone";

export function AgentPhone({ agent }: { agent: AgentView }) {
  if (!agent.extension && !agent.phoneMismatch) return null;
  return (
    <>
      {agent.extension && (
        <div className="agent-phone" data-testid="agent-phone">
          <span className="agent-phone-ext" title="Phone extension">
            <span aria-hidden>☎ </span>
            <span className="sr-only">Phone </span>
            {agent.extension}
          </span>
          {phoneParts(agent).map((p) => (
            <span key={p.text} className="phone-part" data-tone={p.tone}>
              {p.text}
            </span>
          ))}
        </div>
      )}
      {agent.phoneMismatch && (
        <p className="phone-mismatch" data-testid="phone-mismatch" title={`Phone and VICIdial disagree: ${agent.phoneMismatch}`}>
          <span aria-hidden>⚠ </span>
          {agent.phoneMismatch}
        </p>
      )}
    </>
  );
}
