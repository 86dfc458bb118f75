"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { FigureColours } from "@/lib/queues/figure-colours";

/** The queue figures' colour thresholds (Admin → Alerts), read by the page at load. */
const Context = createContext<FigureColours>({});

export function FigureColoursProvider({ value, children }: { value: FigureColours | undefined; children: ReactNode }) {
  return <Context.Provider value={value ?? {}}>{children}</Context.Provider>;
}

export function useFigureColours(): FigureColours {
  return useContext(Context);
}
