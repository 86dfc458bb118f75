/**
 * How people name what a link connects to (banner, alerts, admin page). No dependencies, so
 * browser code and server code both read it.
 */

/** "PBX" for Vodia (`kind` absent in older servers' messages), "XuC", "VoIPBin", "VICIdial database". */
export function linkKindLabel(kind: string | undefined): string {
  return kind === "xuc" ? "XuC" : kind === "voipbin" ? "VoIPBin" : kind === "vicidial-db" ? "VICIdial database" : "PBX";
}
