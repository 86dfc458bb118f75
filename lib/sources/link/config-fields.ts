/**
 * The configuration fields every platform link has (lib/sources/xuc/config.ts,
 * lib/sources/voipbin/config.ts): its name, its http(s) base URL, and how a duration setting
 * is bounded. One rule each, so that a name or URL accepted for one platform is accepted for
 * the other.
 */
import { z } from "zod";

/** Connection name shown on the admin page and in events' `source`: 1–64 of letters, digits, `.`, `_`, `-`. */
export const linkNameSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, "letters, digits, . _ - only");

/** The platform's http(s) base URL; a path is kept as a prefix (reverse proxies). */
export const linkUrlSchema = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), "must be an http:// or https:// URL");

/** A whole number of ms in [min, max], `dflt` when absent. */
export const msSetting = (min: number, max: number, dflt: number) => z.number().int().min(min).max(max).default(dflt);
