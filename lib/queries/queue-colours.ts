/**
 * The queue figure colours (lib/queues/figure-colours.ts), kept as JSON in the `setting` table under
 * "queue_colours". Unset or unreadable: `{}` (the defaults apply).
 */
import type { Db } from "../db/prisma";
import { getSetting, setSetting } from "./settings";
import { parseInput } from "../validation";
import { figureColoursSchema, type FigureColours } from "../queues/figure-colours";

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

/** Validates and stores; throws with the one-line reason (lib/validation.ts) when invalid. */
export async function saveFigureColours(db: Db, value: unknown): Promise<FigureColours> {
  const checked = parseInput(figureColoursSchema, value);
  if (!checked.ok) throw new Error(checked.reason);
  await setSetting(db, KEY, JSON.stringify(checked.value));
  return checked.value;
}
