/**
 * The alert configuration, kept as JSON in the `setting` table under "alerts" (validated by
 * alertConfigSchema; defaults apply to whatever is not set).
 */
import type { Db } from "../db/prisma";
import { getSetting, setSetting } from "./settings";
import { parseInput } from "../validation";
import { alertConfigSchema, type AlertConfig } from "../alerts/types";

const KEY = "alerts";

export async function loadAlertConfig(db: Db): Promise<AlertConfig> {
  const raw = await getSetting(db, KEY);
  const parsed = alertConfigSchema.safeParse(raw ? JSON.parse(raw) : {});
  return parsed.success ? parsed.data : alertConfigSchema.parse({});
}

/** Validates and stores; throws with the one-line reason (lib/validation.ts) when invalid. */
export async function saveAlertConfig(db: Db, value: unknown): Promise<AlertConfig> {
  const checked = parseInput(alertConfigSchema, value);
  if (!checked.ok) throw new Error(checked.reason);
  await setSetting(db, KEY, JSON.stringify(checked.value));
  return checked.value;
}
