"use client";
/**
 * Alert thresholds and queue figure colours as forms (GET/PUT /api/admin/alerts and
 * /api/admin/queue-colours). Each row is "all queues" (or "all campaigns") then one per
 * queue or campaign; an empty field inherits, and its placeholder shows the value in force
 * (the built-in default or the "all" row's). "off" turns a rule off. Saved values apply to
 * the alerts at once; walls pick up new colours at their next load.
 */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { CAMPAIGN_RULE_DEFAULTS, DIALER_CAMPAIGN_RULE_DEFAULTS, IN_GROUP_RULE_DEFAULTS, QUEUE_RULE_DEFAULTS } from "@/lib/alerts/types";
import { FIGURE_DEFAULTS, FIGURE_INFO, FIGURES, type Band, type Figure } from "@/lib/queues/figure-colours";
import { callApi, useAdminData } from "./api";
import { CheckField } from "./CheckField";
import { AdminTable } from "./AdminTable";
import { LoadError, Status, type StatusValue } from "./Status";

type Json = Record<string, unknown>;
interface AlertConfigJson {
  queues: Record<string, Json>;
  campaigns: Record<string, Json>;
  pbxDown: boolean;
  dialer?: { campaigns: Record<string, Json>; inGroups: Record<string, Json> };
}

/** A dialer rule's field (VICIdial campaigns "d", in-groups "g"). */
interface DialerField {
  key: string;
  label: string;
  unit: string;
  nullable: boolean;
  /** Shown value of the built-in default. */
  fallback: unknown;
}

const DIALER_FIELDS: readonly DialerField[] = [
  { key: "dropPctAbove", label: "Drop % today above", unit: "%", nullable: true, fallback: DIALER_CAMPAIGN_RULE_DEFAULTS.dropPctAbove },
  { key: "hopperBelow", label: "Hopper below", unit: "leads", nullable: true, fallback: DIALER_CAMPAIGN_RULE_DEFAULTS.hopperBelow },
  { key: "raiseAfterSec", label: "Raise after holding", unit: "s", nullable: false, fallback: DIALER_CAMPAIGN_RULE_DEFAULTS.raiseAfterSec },
];
const IN_GROUP_FIELDS: readonly DialerField[] = [
  { key: "callsWaitingAbove", label: "Calls waiting above", unit: "calls", nullable: true, fallback: IN_GROUP_RULE_DEFAULTS.callsWaitingAbove },
  { key: "raiseAfterSec", label: "Raise after holding", unit: "s", nullable: false, fallback: IN_GROUP_RULE_DEFAULTS.raiseAfterSec },
];

/** A queue rule's field: its key, label, unit and how form text maps to the stored value. */
interface RuleField {
  key: keyof typeof QUEUE_RULE_DEFAULTS;
  label: string;
  unit: string;
  /** Whether "off" (null) is allowed. */
  nullable: boolean;
  /** Stored value → shown text, and back (percent fields store 0–1). */
  scale: number;
}

const QUEUE_FIELDS: readonly RuleField[] = [
  { key: "callsWaitingAbove", label: "Calls waiting above", unit: "calls", nullable: true, scale: 1 },
  { key: "longestWaitAboveSec", label: "Longest wait above", unit: "s", nullable: true, scale: 1 },
  { key: "serviceLevelBelow", label: "SL (last hour) below", unit: "%", nullable: true, scale: 100 },
  { key: "serviceLevelMinOffered", label: "…with at least", unit: "calls offered", nullable: false, scale: 1 },
  { key: "raiseAfterSec", label: "Raise after holding", unit: "s", nullable: false, scale: 1 },
  { key: "callsWaitingClearMargin", label: "Clear calls waiting at threshold −", unit: "calls", nullable: false, scale: 1 },
  { key: "longestWaitClearMarginSec", label: "Clear longest wait at threshold −", unit: "s", nullable: false, scale: 1 },
  { key: "serviceLevelClearMargin", label: "Clear SL at threshold +", unit: "points", nullable: false, scale: 100 },
];

const show = (v: unknown, scale: number): string => (v === null ? "off" : typeof v === "number" ? String(Math.round(v * scale * 1000) / 1000) : "");

/** Form text → stored value: "" inherits (undefined), "off" is null, else a number (NaN: invalid). */
function parseCell(text: string, scale: number, nullable: boolean): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === "") return undefined;
  if (t === "off" && nullable) return null;
  const n = Number(t.replace(",", "."));
  return Number.isFinite(n) ? n / scale : Number.NaN;
}

/** `BREAK=900, LUNCH=3600` ↔ `{ BREAK: 900, LUNCH: 3600 }` (seconds per pause code, "*" for any). */
const limitsText = (m: unknown) =>
  m && typeof m === "object"
    ? Object.entries(m as Record<string, number>)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")
    : "";
function parseLimits(text: string): Record<string, number> | undefined | "bad" {
  if (!text.trim()) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(\d+)$/.exec(part);
    if (!m) return "bad";
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

export function AlertSettings({ csrf }: { csrf: string }) {
  const { data: lists, error: listError } = useAdminData<{ campaigns: { id: string }[]; queues: { id: string; name: string }[] }>(csrf, "/api/admin/campaigns");
  const [vicidial, setVicidial] = useState<{ campaigns: string[]; inGroups: { id: string; name: string }[] }>({ campaigns: [], inGroups: [] });
  useEffect(() => {
    void fetch("/api/dialer")
      .then((r) => (r.ok ? r.json() : null))
      .then((b: { dialer?: { campaigns: { campaign: string }[]; inGroups: { inGroup: string; name: string }[] } } | null) => {
        if (b?.dialer) setVicidial({ campaigns: b.dialer.campaigns.map((c) => c.campaign), inGroups: b.dialer.inGroups.map((g) => ({ id: g.inGroup, name: g.name })) });
      })
      .catch(() => undefined);
  }, []);
  const [config, setConfig] = useState<AlertConfigJson | null>(null);
  const [cells, setCells] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<StatusValue>(null);

  const fill = (c: AlertConfigJson) => {
    const next: Record<string, string> = {};
    for (const [q, rules] of Object.entries(c.queues)) for (const f of QUEUE_FIELDS) if (f.key in rules) next[`q|${q}|${f.key}`] = show(rules[f.key], f.scale);
    for (const [cp, rules] of Object.entries(c.campaigns)) {
      if ("pauseLimitsSec" in rules) next[`c|${cp}|pauseLimitsSec`] = limitsText(rules["pauseLimitsSec"]);
      if ("staleAgents" in rules) next[`c|${cp}|staleAgents`] = rules["staleAgents"] ? "yes" : "no";
    }
    next["pbxDown"] = c.pbxDown ? "yes" : "no";
    for (const [row, rules] of Object.entries(c.dialer?.campaigns ?? {})) {
      for (const f of DIALER_FIELDS) if (f.key in rules) next[`d|${row}|${f.key}`] = show(rules[f.key], 1);
      if ("noDialableLeads" in rules) next[`d|${row}|noDialableLeads`] = rules["noDialableLeads"] ? "yes" : "no";
    }
    for (const [row, rules] of Object.entries(c.dialer?.inGroups ?? {})) for (const f of IN_GROUP_FIELDS) if (f.key in rules) next[`g|${row}|${f.key}`] = show(rules[f.key], 1);
    setConfig(c);
    setCells(next);
  };
  useEffect(() => {
    void fetch("/api/admin/alerts")
      .then((r) => r.json())
      .then((c: AlertConfigJson) => fill(c));
  }, []);

  const queueRows = useMemo(() => ["*", ...new Set([...(lists?.queues ?? []).map((q) => q.id), ...Object.keys(config?.queues ?? {}).filter((k) => k !== "*")])], [lists, config]);
  const campaignRows = useMemo(() => ["*", ...new Set([...(lists?.campaigns ?? []).map((c) => c.id), ...Object.keys(config?.campaigns ?? {}).filter((k) => k !== "*")])], [lists, config]);
  const dialerRows = useMemo(() => ["*", ...new Set([...vicidial.campaigns, ...Object.keys(config?.dialer?.campaigns ?? {}).filter((k) => k !== "*")])], [vicidial, config]);
  const inGroupRows = useMemo(() => ["*", ...new Set([...vicidial.inGroups.map((g) => g.id), ...Object.keys(config?.dialer?.inGroups ?? {}).filter((k) => k !== "*")])], [vicidial, config]);
  const queueName = (id: string) => (id === "*" ? "All queues (defaults)" : (lists?.queues.find((q) => q.id === id)?.name ?? id));
  const cell = (key: string) => cells[key] ?? "";
  const set = (key: string, value: string) => setCells((c) => ({ ...c, [key]: value }));

  /** What an empty field means: the "*" row's value, else the built-in default. */
  const inherited = (row: string, f: RuleField) => {
    const star = row === "*" ? "" : cell(`q|*|${f.key}`);
    return star || show(QUEUE_RULE_DEFAULTS[f.key], f.scale);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const bad: string[] = [];
    const queues: Record<string, Json> = {};
    for (const row of queueRows) {
      for (const f of QUEUE_FIELDS) {
        const v = parseCell(cell(`q|${row}|${f.key}`), f.scale, f.nullable);
        if (v === undefined) continue;
        if (typeof v === "number" && Number.isNaN(v)) bad.push(`${queueName(row)}: ${f.label} is not a number${f.nullable ? ' or "off"' : ""}`);
        else (queues[row] ??= {})[f.key] = v;
      }
    }
    const campaigns: Record<string, Json> = {};
    for (const row of campaignRows) {
      const limits = parseLimits(cell(`c|${row}|pauseLimitsSec`));
      if (limits === "bad") bad.push(`${row === "*" ? "All campaigns" : row}: pause limits must read CODE=seconds, CODE=seconds`);
      else if (limits) (campaigns[row] ??= {})["pauseLimitsSec"] = limits;
      const stale = cell(`c|${row}|staleAgents`);
      if (stale) (campaigns[row] ??= {})["staleAgents"] = stale === "yes";
    }
    const dialer: { campaigns: Record<string, Json>; inGroups: Record<string, Json> } = { campaigns: {}, inGroups: {} };
    for (const [prefix, rows, fields, into] of [["d", dialerRows, DIALER_FIELDS, dialer.campaigns], ["g", inGroupRows, IN_GROUP_FIELDS, dialer.inGroups]] as const) {
      for (const row of rows) {
        for (const f of fields) {
          const v = parseCell(cell(`${prefix}|${row}|${f.key}`), 1, f.nullable);
          if (v === undefined) continue;
          if (typeof v === "number" && Number.isNaN(v)) bad.push(`${row === "*" ? "All" : row}: ${f.label} is not a number${f.nullable ? ' or "off"' : ""}`);
          else (into[row] ??= {})[f.key] = v;
        }
      }
    }
    for (const row of dialerRows) {
      const v = cell(`d|${row}|noDialableLeads`);
      if (v) (dialer.campaigns[row] ??= {})["noDialableLeads"] = v === "yes";
    }
    if (bad.length) return setStatus({ ok: false, text: "Not saved:", details: bad });
    const answer = await callApi<AlertConfigJson>(csrf, "PUT", "/api/admin/alerts", { queues, campaigns, pbxDown: cell("pbxDown") !== "no", dialer });
    if (!answer.ok || !answer.data) return setStatus({ ok: false, text: `Not saved: ${answer.error}` });
    fill(answer.data);
    setStatus({ ok: true, text: "Saved: the alerts use the new thresholds now." });
  }

  return (
    <>
      <LoadError error={listError} />
      <form className="admin-card" onSubmit={save} data-testid="alert-settings" aria-labelledby="alert-queues-h" aria-busy={config === null}>
        {/* Read-only until the stored values are in, so nothing typed is overwritten by them. */}
        <fieldset className="admin-plain-fieldset" disabled={config === null}>
        <h2 id="alert-queues-h">Queue alerts</h2>
        <p className="auth-hint">
          An alert is raised when a figure passes its threshold and stays past it for the hold time, and cleared only once the figure is back by the margin, so
          a queue bouncing around its threshold gives one alert (and one tone). Empty: inherit (the placeholder shows the value in force); “off”: no such alert.
        </p>
        <AdminTable
          testId="alert-queue-table"
          className="admin-form-table"
          columns={[
            "Queue",
            ...QUEUE_FIELDS.map((f) => ({
              key: f.key,
              label: (
                <>
                  {f.label} <span className="auth-hint">({f.unit})</span>
                </>
              ),
            })),
          ]}
        >
              {queueRows.map((row) => (
                <tr key={row} data-testid="alert-queue-row" data-queue={row}>
                  <th scope="row">{queueName(row)}</th>
                  {QUEUE_FIELDS.map((f) => (
                    <td key={f.key}>
                      <input
                        className="admin-inline admin-number"
                        inputMode="decimal"
                        value={cell(`q|${row}|${f.key}`)}
                        placeholder={inherited(row, f)}
                        onChange={(e) => set(`q|${row}|${f.key}`, e.target.value)}
                        aria-label={`${queueName(row)}: ${f.label} (${f.unit})`}
                        data-field={f.key}
                      />
                    </td>
                  ))}
                </tr>
              ))}
        </AdminTable>

        <h2>Agent alerts</h2>
        <AdminTable
          testId="alert-campaign-table"
          className="admin-form-table"
          columns={[
            "Campaign",
            {
              key: "limits",
              label: (
                <>
                  Pause limits <span className="auth-hint">(CODE=seconds, “*” any other code)</span>
                </>
              ),
            },
            "Alert on stale agents",
          ]}
        >
              {campaignRows.map((row) => (
                <tr key={row} data-testid="alert-campaign-row" data-campaign={row}>
                  <th scope="row">{row === "*" ? "All campaigns (defaults)" : row}</th>
                  <td>
                    <input
                      className="admin-inline admin-wide"
                      value={cell(`c|${row}|pauseLimitsSec`)}
                      placeholder={row === "*" ? limitsText(CAMPAIGN_RULE_DEFAULTS.pauseLimitsSec) || "none (e.g. BREAK=900, LUNCH=3600)" : cell("c|*|pauseLimitsSec") || "as all campaigns"}
                      onChange={(e) => set(`c|${row}|pauseLimitsSec`, e.target.value)}
                      aria-label={`${row === "*" ? "All campaigns" : row}: pause limits`}
                    />
                  </td>
                  <td>
                    <select className="admin-inline" value={cell(`c|${row}|staleAgents`)} onChange={(e) => set(`c|${row}|staleAgents`, e.target.value)} aria-label={`${row === "*" ? "All campaigns" : row}: alert on stale agents`}>
                      <option value="">inherit ({(row === "*" ? (CAMPAIGN_RULE_DEFAULTS.staleAgents ? "yes" : "no") : cell("c|*|staleAgents") || (CAMPAIGN_RULE_DEFAULTS.staleAgents ? "yes" : "no"))})</option>
                      <option value="yes">yes</option>
                      <option value="no">no</option>
                    </select>
                  </td>
                </tr>
              ))}
        </AdminTable>
        <h2>VICIdial dialer alerts</h2>
        <p className="auth-hint">
          From VICIdial&apos;s database (VICIDIAL_DB_URL): drop % today (VICIdial&apos;s drops ÷ answers), hopper and dialable leads of auto-dialling campaigns,
          calls waiting per in-group. A raised drop alert clears {DIALER_CAMPAIGN_RULE_DEFAULTS.dropClearMarginPct} points below its threshold, a hopper alert{" "}
          {DIALER_CAMPAIGN_RULE_DEFAULTS.hopperClearMargin} leads above, an in-group alert {IN_GROUP_RULE_DEFAULTS.callsWaitingClearMargin} calls below.
        </p>
        <div className="admin-table-wrap">
          <table className="admin-table admin-form-table" data-testid="alert-dialer-table">
            <thead>
              <tr>
                <th scope="col">VICIdial campaign</th>
                {DIALER_FIELDS.map((f) => (
                  <th key={f.key} scope="col">
                    {f.label} <span className="auth-hint">({f.unit})</span>
                  </th>
                ))}
                <th scope="col">No dialable leads</th>
              </tr>
            </thead>
            <tbody>
              {dialerRows.map((row) => (
                <tr key={row} data-testid="alert-dialer-row" data-campaign={row}>
                  <th scope="row">{row === "*" ? "All campaigns (defaults)" : row}</th>
                  {DIALER_FIELDS.map((f) => (
                    <td key={f.key}>
                      <input
                        className="admin-inline admin-number"
                        inputMode="decimal"
                        value={cell(`d|${row}|${f.key}`)}
                        placeholder={(row === "*" ? "" : cell(`d|*|${f.key}`)) || show(f.fallback, 1)}
                        onChange={(e) => set(`d|${row}|${f.key}`, e.target.value)}
                        aria-label={`${row === "*" ? "All campaigns" : row}: ${f.label} (${f.unit})`}
                        data-field={f.key}
                      />
                    </td>
                  ))}
                  <td>
                    <select className="admin-inline" value={cell(`d|${row}|noDialableLeads`)} onChange={(e) => set(`d|${row}|noDialableLeads`, e.target.value)} aria-label={`${row === "*" ? "All campaigns" : row}: alert when no dialable leads`}>
                      <option value="">inherit ({(row === "*" ? "" : cell("d|*|noDialableLeads")) || (DIALER_CAMPAIGN_RULE_DEFAULTS.noDialableLeads ? "yes" : "no")})</option>
                      <option value="yes">yes</option>
                      <option value="no">no</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="admin-table-wrap">
          <table className="admin-table admin-form-table" data-testid="alert-ingroup-table">
            <thead>
              <tr>
                <th scope="col">VICIdial in-group</th>
                {IN_GROUP_FIELDS.map((f) => (
                  <th key={f.key} scope="col">
                    {f.label} <span className="auth-hint">({f.unit})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {inGroupRows.map((row) => (
                <tr key={row} data-testid="alert-ingroup-row" data-in-group={row}>
                  <th scope="row">{row === "*" ? "All in-groups (defaults)" : (vicidial.inGroups.find((g) => g.id === row)?.name ?? row)}</th>
                  {IN_GROUP_FIELDS.map((f) => (
                    <td key={f.key}>
                      <input
                        className="admin-inline admin-number"
                        inputMode="decimal"
                        value={cell(`g|${row}|${f.key}`)}
                        placeholder={(row === "*" ? "" : cell(`g|*|${f.key}`)) || show(f.fallback, 1)}
                        onChange={(e) => set(`g|${row}|${f.key}`, e.target.value)}
                        aria-label={`${row === "*" ? "All in-groups" : row}: ${f.label} (${f.unit})`}
                        data-field={f.key}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CheckField checked={cell("pbxDown") !== "no"} onChange={(e) => set("pbxDown", e.target.checked ? "yes" : "no")}>Critical alert on every wall when a PBX link (or the VICIdial database source) goes down</CheckField>
        <div className="admin-buttons">
          <button type="submit" className="btn" data-testid="alert-settings-save">
            Save alert thresholds
          </button>
        </div>
        <Status status={status} testId="alert-settings-status" />
        </fieldset>
        <details className="admin-details">
          <summary>Stored configuration (JSON, as PUT /api/admin/alerts takes it)</summary>
          <pre data-testid="alert-settings-json">{JSON.stringify(config, null, 2)}</pre>
        </details>
      </form>
      <FigureColoursSettings csrf={csrf} queues={lists?.queues ?? []} />
    </>
  );
}

/** Green / amber / red thresholds of the queue figures on walls and TVs. */
function FigureColoursSettings({ csrf, queues }: { csrf: string; queues: { id: string; name: string }[] }) {
  const [cells, setCells] = useState<Record<string, string>>({});
  const [stored, setStored] = useState<Record<string, Partial<Record<Figure, Band>>> | null>(null);
  const [status, setStatus] = useState<StatusValue>(null);
  const fill = (config: Record<string, Partial<Record<Figure, Band>>>) => {
    const next: Record<string, string> = {};
    for (const [q, bands] of Object.entries(config))
      for (const f of FIGURES) {
        const b = bands[f];
        if (!b) continue;
        next[`${q}|${f}|amber`] = b.amber === null ? "off" : String(b.amber);
        next[`${q}|${f}|red`] = b.red === null ? "off" : String(b.red);
      }
    setStored(config);
    setCells(next);
  };
  useEffect(() => {
    void fetch("/api/admin/queue-colours")
      .then((r) => r.json())
      .then((b: { config: Record<string, Partial<Record<Figure, Band>>> }) => fill(b.config ?? {}));
  }, []);
  const rows = ["*", ...new Set([...queues.map((q) => q.id), ...Object.keys(stored ?? {}).filter((k) => k !== "*")])];
  const cell = (k: string) => cells[k] ?? "";
  const placeholder = (row: string, f: Figure, which: "amber" | "red") => {
    const star = row === "*" ? "" : cell(`*|${f}|${which}`);
    if (star) return star;
    const d = FIGURE_DEFAULTS[f][which];
    return d === null ? "off" : String(d);
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    const out: Record<string, Partial<Record<Figure, Band>>> = {};
    const bad: string[] = [];
    for (const row of rows) {
      for (const f of FIGURES) {
        const a = cell(`${row}|${f}|amber`).trim();
        const r = cell(`${row}|${f}|red`).trim();
        if (!a && !r) continue;
        const num = (t: string, which: "amber" | "red") => {
          if (!t) return FIGURE_DEFAULTS[f][which];
          if (t.toLowerCase() === "off") return null;
          const n = Number(t.replace(",", "."));
          if (!Number.isFinite(n) || n < 0) bad.push(`${row === "*" ? "All queues" : row}: ${FIGURE_INFO[f].label} ${which} is not a number or "off"`);
          return n;
        };
        (out[row] ??= {})[f] = { amber: num(a, "amber"), red: num(r, "red") };
      }
    }
    if (bad.length) return setStatus({ ok: false, text: "Not saved:", details: bad });
    const answer = await callApi<{ config: Record<string, Partial<Record<Figure, Band>>> }>(csrf, "PUT", "/api/admin/queue-colours", out);
    if (!answer.ok || !answer.data) return setStatus({ ok: false, text: `Not saved: ${answer.error}` });
    fill(answer.data.config);
    setStatus({ ok: true, text: "Saved: walls and TVs use the new colours from their next load." });
  }

  return (
    <form className="admin-card" onSubmit={save} data-testid="figure-colours" aria-labelledby="figure-colours-h" aria-busy={stored === null}>
      <fieldset className="admin-plain-fieldset" disabled={stored === null}>
      <h2 id="figure-colours-h">Queue figure colours</h2>
      <p className="auth-hint">
        Each figure on the queue card turns amber, then red, from these values (service level: at or below them; the others: at or above), and says so in
        words. Empty: inherit (the placeholder shows the value in force); “off”: no colour.
      </p>
      <AdminTable
        testId="figure-colours-table"
        className="admin-form-table"
        columns={[
          "Queue",
          ...FIGURES.map((f) => ({
            key: f,
            label: (
              <>
                {FIGURE_INFO[f].label} <span className="auth-hint">({FIGURE_INFO[f].unit}, amber / red)</span>
              </>
            ),
          })),
        ]}
      >
            {rows.map((row) => (
              <tr key={row} data-testid="figure-colours-row" data-queue={row}>
                <th scope="row">{row === "*" ? "All queues (defaults)" : (queues.find((q) => q.id === row)?.name ?? row)}</th>
                {FIGURES.map((f) => (
                  <td key={f}>
                    <div className="admin-pair">
                    {(["amber", "red"] as const).map((which) => (
                      <input
                        key={which}
                        className="admin-inline admin-number"
                        data-level={which}
                        inputMode="decimal"
                        value={cell(`${row}|${f}|${which}`)}
                        placeholder={placeholder(row, f, which)}
                        onChange={(e) => setCells((c) => ({ ...c, [`${row}|${f}|${which}`]: e.target.value }))}
                        aria-label={`${row === "*" ? "All queues" : row}: ${FIGURE_INFO[f].label} ${which} from (${FIGURE_INFO[f].unit})`}
                      />
                    ))}
                    </div>
                  </td>
                ))}
              </tr>
            ))}
      </AdminTable>
      <div className="admin-buttons">
        <button type="submit" className="btn" data-testid="figure-colours-save">
          Save colours
        </button>
      </div>
      <Status status={status} testId="figure-colours-status" />
      </fieldset>
    </form>
  );
}
