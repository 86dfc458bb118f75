/**
 * The lines an admin puts into VICIdial's agc/options.php to load the agent-screen hook
 * (README "Agent-screen hook"). Variable names are those of agc/vicidial.php: `user`,
 * `campaign`, `agent_log_id`, `UnixTime` (the epoch its own Agent Push uses),
 * `document.vicidial_form.lead_id.value`; `event_type`, `event_msg`, `event_counter` are the
 * arguments of `agent_events()`, inside which $INSERT_agent_events runs.
 */
export function hookSnippet(publicUrl: string, token: string): string {
  const src = `${publicUrl.replace(/\/$/, "")}/vicidial/agent-events.js?token=${encodeURIComponent(token)}`;
  const load = `(function(){var s=document.createElement("script");s.src="${src}";document.getElementsByTagName("head")[0].appendChild(s);})();`;
  const forward =
    "if (window.WallboardAgentEvents) {WallboardAgentEvents.push({user: user, campaign: campaign, event: event_type, message: event_msg, " +
    "counter: event_counter, epoch: UnixTime, agent_log_id: agent_log_id, lead_id: document.vicidial_form.lead_id.value});}";
  return [`$INSERT_head_js = '${load}';`, `$INSERT_agent_events = '${forward}';`].join("\n");
}
