/**
 * PostgreSQL errors by what they mean for the caller (SQLSTATE classes, PostgreSQL manual
 * appendix A "PostgreSQL Error Codes"), whether they come from `pg` directly (`err.code`) or
 * through Prisma's driver adapter (`err.meta.driverAdapterError.cause.originalCode`).
 */

/** The SQLSTATE of a PostgreSQL error, or null for anything else. */
export function sqlState(err: unknown): string | null {
  const e = err as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null;
  const viaPrisma = e?.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof viaPrisma === "string" && /^[0-9A-Z]{5}$/.test(viaPrisma)) return viaPrisma;
  return typeof e?.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : null;
}

/**
 * True for errors that belong to the rows, not to the database's availability: data
 * exceptions (class 22, e.g. invalid text, an unsupported Unicode escape), integrity
 * violations (23) and program limits (54, e.g. an index row too large). Retrying the same
 * rows cannot help; anything else (timeouts 57014, lost connections 08xxx, locks, resources)
 * may pass on another try.
 */
export function isDataError(err: unknown): boolean {
  return /^(22|23|54)/.test(sqlState(err) ?? "");
}
