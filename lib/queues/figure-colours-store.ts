/**
 * The queue figure colours (./figure-colours.ts), kept as JSON in the `setting` table under
 * "queue_colours". Unset or unreadable: `{}` (the defaults apply).
 */
import type { Db } from "../db/prisma";
import { getSetting, setSetting } from "../queries/settings";
import { figureColoursSchema, type FigureColours } from "./figure-colours";

const KEY = "queue_colours";

export async function loadFigureColours(db: Db): Promise<FigureColours> {
  try {
    const raw = await getSetting(db, KEY);
    const parsed = figureColoursSchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Validates and stores; throws with the issues in words when invalid. */
export async function saveFigureColours(db: Db, value: unknown): Promise<FigureColours> {
  const parsed = figureColoursSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  await setSetting(db, KEY, JSON.stringify(parsed.data));
  return parsed.data;
}
