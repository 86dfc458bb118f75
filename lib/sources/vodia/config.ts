/**
 * A Vodia PBX connection's configuration: from the environment (`PBX_URL` with `PBX_SESSION`
 * or `PBX_USERNAME` + `PBX_PASSWORD`, the connection named "env") or stored under Admin → PBX
 * (`pbx_connection`). The URL is the PBX's WebSocket, `ws(s)://PBX/websocket?domain=D&user=EXT`
 * (Vodia's web client connects there; the domain and user select what it reports).
 */
import { z } from "zod";

export interface VodiaConfig {
  name: string;
  /** ws(s)://PBX/websocket?domain=D&user=EXT */
  url: string;
  /** The PBX web session cookie's value, instead of a user name and password. */
  session?: string | null;
  username?: string | null;
  password?: string | null;
}

const WS_EXAMPLE = "(ws://PBX/websocket?domain=D&user=EXT)";
const urlOf = (v: string): URL | null => (URL.canParse(v) ? new URL(v) : null);

/** The PBX WebSocket URL: ws:// or wss:// with a host and no credentials; each error names the rule. */
export const vodiaUrlSchema = z
  .string()
  .min(1, { error: `url is required ${WS_EXAMPLE}`, abort: true })
  .refine((v) => urlOf(v) !== null, { error: `url is not a valid URL ${WS_EXAMPLE}`, abort: true })
  .refine((v) => ["ws:", "wss:"].includes(urlOf(v)!.protocol), { error: "url must start with ws:// or wss://", abort: true })
  .refine((v) => urlOf(v)!.hostname !== "", { error: "url needs a host", abort: true })
  .refine((v) => !urlOf(v)!.username && !urlOf(v)!.password, "url must not contain credentials: use the user name and password fields");

/** A whole connection: the URL, and a session cookie or both a user name and a password (the PBX refuses the WebSocket without one). */
export const vodiaConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    url: vodiaUrlSchema,
    session: z.string().max(2000).nullish(),
    username: z.string().max(200).nullish(),
    password: z.string().max(500).nullish(),
  })
  .refine((c) => !!c.session || (!!c.username && !!c.password), "give a user name and password, or a session cookie: the PBX refuses the WebSocket without one");

/** The connection `PBX_URL` configures (named "env"), or null when unset. lib/env.ts has validated the variables. */
export function vodiaConfigFromEnv(env: Readonly<Record<string, unknown>>): VodiaConfig | null {
  const text = (k: string) => (typeof env[k] === "string" && env[k] !== "" ? (env[k] as string) : null);
  const url = text("PBX_URL");
  return url ? { name: "env", url, session: text("PBX_SESSION"), username: text("PBX_USERNAME"), password: text("PBX_PASSWORD") } : null;
}
