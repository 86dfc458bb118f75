/**
 * A campaign's own time-in-state colour thresholds (Admin → Campaigns, stored in
 * `campaign.state_thresholds`): per agent status, the seconds in state at which the tile turns
 * to the next, stronger shade, e.g. `{ READY: [0, 60, 300] }`. A status left out keeps
 * VICIdial's defaults (lib/wall/ramps.ts). Shared by the query that reads them for the walls
 * and the wall that applies them, so neither imports the other's side.
 */
import type { AgentStatus } from "../agents/status";

/** Ascending whole seconds ≥ 0 per status, one per level (1–3). */
export type RampThresholds = Partial<Record<AgentStatus, readonly number[]>>;
