/**
 * Every kind of data source the wallboard reads, in one list (issue 15 §1). The admin Sources
 * page, the environment and the leader's link role all read it; adding a platform is one
 * folder beside the others (wire parser, adapter, link, config) and one entry here.
 */
import type { SourceType } from "./source-type";
import { xucConfigFromEnv, xucConfigSchema, type XucConfig } from "./xuc/config";
import { XucLink } from "./xuc/link";
import { voipbinConfigFromEnv, voipbinConfigSchema, type VoipbinConfig } from "./voipbin/config";
import { VoipbinLink } from "./voipbin/link";
import { vodiaConfigFromEnv, vodiaConfigSchema, type VodiaConfig } from "./vodia/config";
import { VodiaPbxSource, type VodiaPbxOptions } from "./vodia/link";
import { parseVicidialDbConfig, type VicidialDbConfig } from "./vicidial-db/config";

export const vicidialPushType: SourceType = {
  kind: "vicidial-push",
  label: "VICIdial Agent Events Push",
  placement: "endpoint",
  gives: "Agent states from VICIdial's agent screen (campaign settings: Agent Events Push URL).",
};

export const vicidialHookType: SourceType = {
  kind: "vicidial-hook",
  label: "VICIdial agent-screen hook",
  placement: "endpoint",
  gives: "The pause code the agent picked, exact event text, resends what was not acknowledged.",
};

export const vodiaType: SourceType<VodiaConfig, VodiaPbxOptions, VodiaPbxSource> = {
  kind: "vodia",
  label: "Vodia PBX",
  placement: "link",
  gives: "Calls in progress and waiting, queue figures (our formulas), phone registration and DND.",
  configSchema: vodiaConfigSchema as unknown as SourceType<VodiaConfig>["configSchema"],
  secretFields: ["password", "session"],
  fromEnv: vodiaConfigFromEnv,
  createLink: (config, options) => new VodiaPbxSource(config, options),
};

export const xucType: SourceType<XucConfig> = {
  kind: "xuc",
  label: "XiVO XuC",
  placement: "link",
  gives: "Agent states with pause reasons, names, queue members, XuC's own queue figures and waiting calls.",
  configSchema: xucConfigSchema as unknown as SourceType<XucConfig>["configSchema"],
  secretFields: ["password"],
  fromEnv: xucConfigFromEnv,
  createLink: (config, deps) => new XucLink(config, deps),
};

export const voipbinType: SourceType<VoipbinConfig> = {
  kind: "voipbin",
  label: "VoIPBin",
  placement: "link",
  gives: "Agent states, names, queue calls (queue figures by our formulas) and calls in progress.",
  configSchema: voipbinConfigSchema as unknown as SourceType<VoipbinConfig>["configSchema"],
  secretFields: ["password", "accessKey"],
  fromEnv: voipbinConfigFromEnv,
  createLink: (config, deps) => new VoipbinLink(config, deps),
};

export const vicidialDbType: SourceType<VicidialDbConfig> = {
  kind: "vicidial-db",
  label: "VICIdial database",
  placement: "link",
  gives: "The dialer per campaign (dial level, hopper, calls placed / ringing / waiting, drops), in-group queues with their waiting calls, each agent's campaign and pause code; corrects lost pushes.",
  secretFields: ["password"],
  fromEnv: (env) => parseVicidialDbConfig(env as Record<string, string | undefined>),
};

/** Every source type, in the order the admin page lists them. */
export const SOURCE_TYPES: readonly SourceType<never, never, unknown>[] = [vicidialPushType, vicidialHookType, vicidialDbType, vodiaType, xucType, voipbinType] as SourceType<never, never, unknown>[];

/** The platform link types (neutral events), by kind. */
export const PLATFORM_TYPES: ReadonlyMap<string, SourceType<unknown>> = new Map([
  [xucType.kind, xucType as SourceType<unknown>],
  [voipbinType.kind, voipbinType as SourceType<unknown>],
]);

export function sourceType(kind: string): SourceType<unknown> | undefined {
  return SOURCE_TYPES.find((t) => t.kind === kind) as SourceType<unknown> | undefined;
}
