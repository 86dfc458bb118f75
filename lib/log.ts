/**
 * Structured logging (pino). Tokens and passwords are redacted wherever they appear in a
 * logged object, so a push URL or a config dump never leaks them.
 */
import pino from "pino";

export function createLogger(level: string) {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ["token", "*.token", "PUSH_TOKEN", "*.PUSH_TOKEN", "password", "*.password", "PBX_PASSWORD", "ADMIN_PASSWORD", "SESSION_SECRET", "VICIDIAL_DB_URL", "session", "*.session", "cookie", "*.cookie", "DATABASE_URL"],
      censor: "[redacted]",
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
