/**
 * A board agent (lib/agents/view.ts `AgentView`) for the board unit tests: READY since 0 in
 * `campaign`, named after its user, no phone, no lead, nothing stale; `patch` overrides any
 * field. One builder, so a new AgentView field is added to the tests in one place.
 */
import type { AgentView } from "../../lib/agents/view";

export function agentView(user: string, campaign: string, patch: Partial<AgentView> = {}): AgentView {
  return {
    user, name: user, campaign, team: null, state: "READY", stateSince: 0,
    pauseCode: null, leadId: null, disposition: null, lastEvent: "state_ready", lastMessage: null,
    lastEventAt: 0, notice: null, stale: false,
    extension: null, registered: null, dnd: null, phoneState: null, phoneMismatch: null, ...patch,
  };
}
