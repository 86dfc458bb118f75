"use client";
/**
 * A campaign's time-in-state colour thresholds as a form: per state, the seconds in state at
 * which its tile turns to the next, stronger shade (levels 1–3, lib/wall/ramps.ts). Empty
 * fields keep VICIdial's defaults, shown as placeholders.
 */
import type { AgentStatus } from "@/lib/agents/status";
import { RAMP_THRESHOLDS } from "@/lib/wall/ramps";
import { ColumnHeads } from "../common/ColumnHeads";

/** States with a ramp (DIAL and LOGGED_OUT have none). */
export const RAMP_STATES = (Object.keys(RAMP_THRESHOLDS) as AgentStatus[]).filter((s) => RAMP_THRESHOLDS[s].length > 0);
const LEVELS = [0, 1, 2] as const;

/** Form state: per state, the text of up to three fields. */
export type RampFieldValues = Partial<Record<AgentStatus, string[]>>;

export function rampFieldsFrom(stored: Record<string, number[]> | null): RampFieldValues {
  const out: RampFieldValues = {};
  for (const [state, steps] of Object.entries(stored ?? {})) out[state as AgentStatus] = steps.map(String);
  return out;
}

/**
 * The stored shape (`{ READY: [0, 60, 300] }`) from the form, or null when nothing is set.
 * A state with some fields filled stores those, in order; the server checks they increase.
 */
export function rampFieldsToStored(values: RampFieldValues): Record<string, number[]> | null {
  const out: Record<string, number[]> = {};
  for (const [state, texts] of Object.entries(values)) {
    const nums = (texts ?? []).map((t) => t.trim()).filter((t) => t !== "").map(Number);
    if (nums.length) out[state] = nums;
  }
  return Object.keys(out).length ? out : null;
}

export function RampThresholdFields({ values, onChange }: { values: RampFieldValues; onChange: (v: RampFieldValues) => void }) {
  return (
    <fieldset className="admin-fieldset" data-testid="ramp-thresholds">
      <legend>Time-in-state colours: seconds in state at which the tile turns stronger (empty: the default)</legend>
      <table className="admin-table admin-form-table">
        <ColumnHeads columns={["State", ...LEVELS.map((l) => ({ key: String(l), label: `Shade ${l + 1} from (s)` }))]} />
        <tbody>
          {RAMP_STATES.map((state) => (
            <tr key={state}>
              <th scope="row">{state}</th>
              {LEVELS.map((l) => {
                const def = RAMP_THRESHOLDS[state][l];
                return (
                  <td key={l}>
                    {def === undefined && !values[state]?.[l] ? (
                      <span className="auth-hint">—</span>
                    ) : (
                      <input
                        className="admin-inline admin-number"
                        type="number"
                        min={0}
                        step={1}
                        value={values[state]?.[l] ?? ""}
                        placeholder={def === undefined ? "" : String(def)}
                        aria-label={`${state} shade ${l + 1} from (seconds)`}
                        onChange={(e) => {
                          const next = [...(values[state] ?? ["", "", ""])];
                          next[l] = e.target.value;
                          onChange({ ...values, [state]: next });
                        }}
                      />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
