/**
 * The alert configuration, kept as JSON in the `setting` table under "alerts" (validated by
 * alertConfigSchema; defaults apply to whatever is not set).
 */
import type { Db } from "../db/prisma";
import { getSetting, setSetting } from "../queries/settings";
import { alertConfigSchema, type AlertConfig } from "./types";

const KEY = "alerts";

export async function loadAlertConfig(db: Db): Promise<AlertConfig> {
  const raw = await getSetting(db, KEY);
  const parsed = alertConfigSchema.safeParse(raw ? JSON.parse(raw) : {});
  return parsed.success ? parsed.data : alertConfigSchema.parse({});
}

/** Validates and stores; throws with the zod issue text when invalid. */
export async function saveAlertConfig(db: Db, value: unknown): Promise<AlertConfig> {
  const parsed = alertConfigSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  await setSetting(db, KEY, JSON.stringify(parsed.data));
  return parsed.data;
}
