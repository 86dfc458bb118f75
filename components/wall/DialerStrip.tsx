"use client";
/**
 * VICIdial's dialer, one block per campaign of the wall (issue 13): dial level, hopper and
 * dialable leads, calls placed / ringing / waiting, answers and drops today with the drop %
 * (VICIdial's drops ÷ answers, and the report's drops ÷ calls, each labelled), and the agents in
 * call / waiting / paused. Everything but the agents comes from VICIdial's database
 * (lib/dialer); the agents are the live board's, the same counts as the wall's header. On desk
 * screens the formulas are one click away. Renders nothing without the database source.
 */
import { useState } from "react";
import type { AgentView } from "@/lib/agents/view";
import type { AgentMap } from "@/lib/wall/feed";
import { campaignAgentCounts, DROP_FORMULAS, dropLevel, formatCount, formatDialLevel, formatDropPct, waitText } from "@/lib/wall/dialer";
import type { DialerCampaign, DialerSlice } from "@/lib/dialer/types";

export interface DialerStripProps {
  dialer: DialerSlice;
  agents: AgentMap;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** Campaigns with an active dialer alert, and its strongest severity. */
  alertCampaigns?: ReadonlyMap<string, "warning" | "critical">;
  mode?: "desk" | "tv" | "phone";
}

export function DialerStrip({ dialer, agents, serverNow, alertCampaigns, mode = "desk" }: DialerStripProps) {
  if (dialer.campaigns.length === 0) return null;
  const all = [...agents.values()];
  return (
    <section className="queue-strip dialer-strip" data-testid="dialer-strip" data-mode={mode} aria-label="Dialer">
      <div className="queue-strip-bar">
        <span className="queue-strip-title">
          Dialer <span className="queue-strip-window">· VICIdial database, today</span>
        </span>
      </div>
      <div className="queue-strip-list">
        {dialer.campaigns.map((c) => (
          <DialerCampaignBlock key={c.campaign} campaign={c} agents={all} serverNow={serverNow} alert={alertCampaigns?.get(c.campaign)} mode={mode} />
        ))}
      </div>
    </section>
  );
}

interface BlockProps {
  campaign: DialerCampaign;
  agents: readonly AgentView[];
  serverNow: number | null;
  alert?: "warning" | "critical";
  mode: "desk" | "tv" | "phone";
}

function DialerCampaignBlock({ campaign: c, agents, serverNow, alert, mode }: BlockProps) {
  const [formulas, setFormulas] = useState(false);
  const counts = campaignAgentCounts(agents, c.campaign);
  const drop = dropLevel(c.today.dropRates, c.dropLimitPct);
  const fig = (key: string, label: string, value: string, title: string, extra: Record<string, string | number | undefined> = {}) => (
    <div className="queue-figure" key={key} data-figure={key} data-figure-level={extra["level"] as string | undefined}>
      <dt className="queue-figure-label" title={title}>
        {label}
      </dt>
      <dd className="queue-figure-value">
        <span className="queue-big" data-testid={`dialer-${key}`} data-value={extra["value"]}>
          {value}
        </span>
        {extra["word"] !== undefined && <span className="queue-figure-word">{extra["word"]}</span>}
      </dd>
    </div>
  );
  return (
    <article className="queue-stats dialer-campaign" data-testid="dialer-campaign" data-campaign={c.campaign} data-alert={alert} data-mode={mode}>
      <header className="queue-head">
        <h3 className="queue-name">{c.name && c.name !== c.campaign ? c.name : `Campaign ${c.campaign}`}</h3>
        <span className="queue-id">
          campaign {c.campaign} · {c.dialMethod}
        </span>
        {alert && (
          <span className="queue-alert-badge" data-testid="dialer-alert">
            <span aria-hidden>⚠ </span>
            {alert === "critical" ? "CRITICAL" : "ALERT"}
          </span>
        )}
        {mode === "desk" && (
          <button type="button" className="queue-formulas-toggle" aria-expanded={formulas} onClick={() => setFormulas((v) => !v)} data-testid="dialer-formulas-toggle" title="How each figure is computed">
            Formulas <span aria-hidden>{formulas ? "▴" : "▾"}</span>
          </button>
        )}
      </header>
      <dl className="queue-figures">
        {fig("dial-level", "Dial level", formatDialLevel(c), "auto_dial_level of vicidial_campaigns (lines dialled per waiting agent)", { value: c.dialLevel ?? undefined })}
        {fig("hopper", "Hopper", String(c.hopper.leads), `Leads in vicidial_hopper for the campaign (the hopper keeps at least ${c.hopper.minLevel})`, { value: c.hopper.leads })}
        {fig("dialable", "Dialable leads", String(c.dialableLeads), "dialable_leads of vicidial_campaign_stats (AST_VDhopper.pl, about once a minute)", { value: c.dialableLeads })}
        {fig("placed", "Calls placed", String(c.calls.placed), "Calls of the campaign in vicidial_auto_calls, except XFER", { value: c.calls.placed })}
        {fig("ringing", "Ringing", String(c.calls.ringing), "Placed calls not answered yet (SENT)", { value: c.calls.ringing })}
        {fig("waiting", "Waiting for agent", String(c.calls.waiting), "Answered calls waiting for an agent (LIVE); dropped after drop_call_seconds", { value: c.calls.waiting })}
        {c.calls.waiting > 0 && fig("longest", "Longest wait", waitText(c.calls.oldestWaitingSince, serverNow), "Wait of the oldest answered call with no agent yet (database clock)")}
        {fig("answers", "Answers today", formatCount(c.today.answers), "answers_today of vicidial_campaign_stats", { value: c.today.answers })}
        {fig("drops", "Drops today", formatCount(c.today.drops), "drops_today of vicidial_campaign_stats", { value: c.today.drops })}
        {fig("drop-pct", "Drop % (VICIdial)", formatDropPct(c.today.dropRates.vicidial), DROP_FORMULAS.vicidial, {
          value: c.today.dropRates.vicidial ?? undefined,
          level: drop === "bad" ? "bad" : undefined,
          word: drop === "bad" ? "OVER LIMIT" : undefined,
        })}
        {fig("drop-pct-calls", "Drop % of calls", formatDropPct(c.today.dropRates.ofCalls), DROP_FORMULAS.ofCalls, { value: c.today.dropRates.ofCalls ?? undefined })}
        {fig("agents-incall", "Agents in call", String(counts.inCall), "Agents of the campaign on a call (INCALL, DIAL, PARK, 3-WAY): the wall's own count", { value: counts.inCall })}
        {fig("agents-waiting", "Agents waiting", String(counts.ready), "Agents of the campaign READY or CLOSER: the wall's own count", { value: counts.ready })}
        {fig("agents-paused", "Agents paused", String(counts.paused), "Agents of the campaign PAUSED: the wall's own count", { value: counts.paused })}
      </dl>
      {formulas && mode === "desk" && (
        <ul className="queue-formulas" data-testid="dialer-formulas">
          <li>Dial level = vicidial_campaigns.auto_dial_level as stored (0: manual dialling)</li>
          <li>Hopper = leads of the campaign in vicidial_hopper, any status; minimum kept: hopper_level {c.hopper.minLevel}</li>
          <li>Calls placed = the campaign&apos;s rows in vicidial_auto_calls except XFER; ringing = not yet answered (SENT); waiting = answered, no agent yet (LIVE)</li>
          <li>{DROP_FORMULAS.vicidial}{c.ukOfcomDropCalc ? " — UK Ofcom calculation: drops ÷ (agent-handled + drops)" : ""}</li>
          <li>{DROP_FORMULAS.ofCalls}</li>
          <li>Campaign drop limit (adaptive_dropped_percentage): {c.dropLimitPct === null ? "—" : `${c.dropLimitPct} %`}</li>
          <li>Agents: from the live board (pushes, corrected from vicidial_live_agents), as in the wall&apos;s header</li>
        </ul>
      )}
    </article>
  );
}
