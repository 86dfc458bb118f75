/**
 * The settings history reads from the environment (README "Configuration"), validated by the
 * same schema as the server's: the time zone of days, the stale timeout, short abandons and
 * the default service level.
 */
import { loadEnv } from "../env";

export interface HistoryConfig {
  timeZone: string;
  staleAfterSec: number;
  shortAbandonSec: number;
  defaultServiceLevelSec: number;
}

let cached: HistoryConfig | undefined;

export function historyConfig(): HistoryConfig {
  if (!cached) {
    const env = loadEnv();
    cached = { timeZone: env.TIMEZONE, staleAfterSec: env.STALE_AFTER_SEC, shortAbandonSec: env.SHORT_ABANDON_SEC, defaultServiceLevelSec: env.SERVICE_LEVEL_SEC };
  }
  return cached;
}
