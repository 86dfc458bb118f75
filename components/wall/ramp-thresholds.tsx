"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { RampThresholds } from "@/lib/campaigns/ramp-thresholds";

/** Per-campaign time-in-state colour thresholds (Admin → Campaigns), by campaign id. */
export type CampaignRampThresholds = Readonly<Record<string, RampThresholds>>;

const Context = createContext<CampaignRampThresholds>({});

export function RampThresholdsProvider({ value, children }: { value: CampaignRampThresholds | undefined; children: ReactNode }) {
  return <Context.Provider value={value ?? {}}>{children}</Context.Provider>;
}

/** The colour thresholds of `campaign`, or undefined for VICIdial's defaults. */
export function useRampThresholds(campaign: string): RampThresholds | undefined {
  return useContext(Context)[campaign];
}
