/**
 * VICIdial's agent events (DOMAIN.md §1) in a supervisor's words, for tiles, the agent
 * detail and the calls panel: "script opened" rather than `call_script`. Pure.
 */

const WORDS: Readonly<Record<string, string>> = {
  logged_in: "logged in",
  logged_out: "logged out",
  logged_out_complete: "logged out",
  state_ready: "ready",
  state_paused: "paused",
  call_dialed: "dialling",
  call_answered: "call answered",
  call_dead: "customer hung up",
  call_script: "script opened",
  dead_trigger_audio: "dead-call audio played",
  dead_trigger_url: "dead-call URL",
  dead_trigger_url_sent: "dead-call URL sent",
  other_answered: "call answered elsewhere",
  agent_hangup: "agent hung up",
  dispo_screen_open: "disposition screen",
  dispo_set: "disposition set",
  dispo_set_twice: "disposition set twice",
  "3way_start": "3-way started",
  "3way_answered": "3-way answered",
  "3way_agent_hangup": "3-way: other party left",
  "3way_agent_leave": "left the 3-way",
  transfer_local_closer: "transferred to an in-group",
  transfer_blind: "blind transfer",
  transfer_vmail: "sent to voicemail",
  park_started: "call parked",
  park_retrieved: "call retrieved",
  park_ivr_started: "parked in IVR",
  park_ivr_retrieved: "retrieved from IVR",
  agent_alert: "alert",
  login_invalid: "login refused",
  session_disabled: "session disabled",
  blind_monitor_alert: "being monitored",
  manual_dial_open: "manual dial screen",
  callback_select_open: "callback screen",
  time_sync: "clock sync",
  customer_gone: "customer hung up",
  none_in_session: "nobody in session",
  transfer_panel_open: "transfer screen",
  transfer_panel_closed: "transfer screen closed",
  ingroup_screen_open: "in-group screen",
  ingroup_screen_closed: "in-group screen closed",
  territory_screen_open: "territory screen",
  territory_screen_closed: "territory screen closed",
  contact_search_open: "contact search",
  lead_search_open: "lead search",
  pause_code_open: "pause code screen",
  update_fields: "lead fields updated",
  session_empty: "session empty",
  session_channels: "session channels",
  // Platform links (XuC, VoIPBin): lib/sources/platform/translate.ts.
  platform_ready: "ready",
  platform_ringing: "ringing",
  platform_paused: "paused",
  platform_dialing: "dialling",
  platform_incall: "on a call",
  platform_wrapup: "wrap-up",
  platform_logged_out: "logged out",
};

/**
 * An event name in words. Unknown names (VICIdial adds events; the push stores any name) are
 * written with spaces for underscores, so nothing technical reaches the wall as is.
 */
export function eventWords(event: string): string {
  return WORDS[event] ?? event.replace(/[_.]+/g, " ").trim();
}

/** A notice (informational event) in words: `alert: Call your supervisor`, `script opened`. */
export function noticeWords(notice: { event: string; message: string | null }): string {
  const message = notice.message?.trim();
  const words = eventWords(notice.event);
  // VICIdial repeats the event in some messages (e.g. time_sync "TIME SYNC"): not worth a second word.
  if (!message || message.replace(/[\s_]+/g, "").toLowerCase() === notice.event.replace(/_/g, "").toLowerCase()) return words;
  return `${words}: ${message}`;
}
