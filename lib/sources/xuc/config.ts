/**
 * Configuration of one XiVO XuC link (admin pages or environment). Validated with zod; the
 * password is stored for the link but never shown again (`publicXucConfig`).
 *
 * The XuC is addressed by its http(s) base URL (e.g. `https://xivocc.example` or
 * `http://xuc:8090`): sign-in is `<url>/xuc/api/2.0/auth/login`, the WebSocket
 * `ws(s)://<host>/xuc/api/2.0/cti?token=...` (XiVO documentation, api_sdk/xuc/api/rest and the
 * Developers Guide, seed 002). A path in `url` is kept as a prefix (reverse proxies).
 */
import { z } from "zod";
import { linkNameSchema, linkUrlSchema, msSetting } from "../link/config-fields";
import { DEFAULT_THROTTLE } from "./throttle";

export const xucConfigSchema = z.object({
  kind: z.literal("xuc").default("xuc"),
  /** Connection name shown on the admin page and in events' `source`. */
  name: linkNameSchema,
  /** http(s) base URL of the XuC server. */
  url: linkUrlSchema,
  /** XiVO user allowed to supervise (XuC shows a supervisor only their queues). */
  login: z.string({ error: "login is required" }).min(1, "login is required").max(200, "login is longer than 200 characters"),
  password: z.string({ error: "password is required" }).min(1, "password is required").max(500, "password is longer than 500 characters"),
  /** Heartbeat `{"claz":"ping"}` period, ms (cti.js: 5 s). */
  heartbeatMs: msSetting(200, 60_000, 5_000),
  /** The link is lost after this many heartbeats without any frame back (cti.js: 3). */
  missedHeartbeats: z.number().int().min(1).max(20).default(3),
  /** Wait for `LoggedOn` after the handshake before sending commands anyway, ms. */
  loggedOnGraceMs: msSetting(0, 60_000, 3_000),
  /** Renew the sign-in token when this share of its TTL has passed (0.5–0.95). */
  renewAtFraction: z.number().min(0.5).max(0.95).default(0.8),
  /** Client-side throttle (see throttle.ts for why these defaults stay under XuC's). */
  throttle: z
    .object({
      steadyPerSec: z.number().int().min(1).max(50).default(DEFAULT_THROTTLE.steadyPerSec),
      burst: z.number().int().min(1).max(1_000).default(DEFAULT_THROTTLE.burst),
      burstWindowMs: msSetting(100, 600_000, DEFAULT_THROTTLE.burstWindowMs),
      maxQueued: z.number().int().min(10).max(100_000).default(DEFAULT_THROTTLE.maxQueued),
      pauseAfterServerThrottleMs: msSetting(0, 600_000, DEFAULT_THROTTLE.pauseAfterServerThrottleMs),
    })
    .prefault({}),
  /** Reconnect backoff, ms. */
  backoff: z.object({ minMs: msSetting(10, 60_000, 500), maxMs: msSetting(100, 600_000, 30_000) }).prefault({}),
  /** Largest frame accepted (WebSocket maxPayload), bytes. */
  maxFrameBytes: z.number().int().min(1_024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
  /** Timeout of the sign-in request and of the WebSocket handshake, ms. */
  requestTimeoutMs: msSetting(100, 120_000, 10_000),
});

export type XucConfig = z.output<typeof xucConfigSchema>;
export type XucConfigInput = z.input<typeof xucConfigSchema>;

/** The config as the admin page may show it: the password replaced. */
export function publicXucConfig(c: XucConfig): Omit<XucConfig, "password"> & { password: "********" } {
  return { ...c, password: "********" };
}

/**
 * The link configured by the environment, or null when XUC_URL is unset. Variables:
 * XUC_URL, XUC_LOGIN, XUC_PASSWORD, XUC_NAME (default "xuc"), XUC_HEARTBEAT_MS.
 * Throws a zod error naming the bad variable's field.
 */
export function xucConfigFromEnv(env: Readonly<Record<string, unknown>>): XucConfig | null {
  if (!env["XUC_URL"]) return null;
  return xucConfigSchema.parse({
    name: env["XUC_NAME"] || "xuc",
    url: env["XUC_URL"],
    login: env["XUC_LOGIN"],
    password: env["XUC_PASSWORD"],
    ...(env["XUC_HEARTBEAT_MS"] ? { heartbeatMs: Number(env["XUC_HEARTBEAT_MS"]) } : {}),
  });
}
