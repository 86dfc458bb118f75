/**
 * Messages between the primary process (lib/server/primary.ts) and its worker
 * (lib/server/wallboard.ts) over the cluster IPC channel.
 */
import type { PushUrls } from "../sources/vicidial/push-urls";

/** What a ready worker reports (for the start banner). */
export interface ReadyInfo {
  workerPid: number;
  port: number;
  publicUrl: string;
  pushUrls: PushUrls;
  pushToken: string;
  adminPasswordFile: string | null;
}

export type WorkerMessage =
  /** The push endpoint and the hook accept events (pages may still answer 503). */
  | { type: "accepting" }
  /** Everything is up. */
  | { type: "ready"; info: ReadyInfo }
  /** The worker cannot start (bad configuration, database unreachable): why, in one line. */
  | { type: "fatal"; message: string };

export type PrimaryMessage =
  /** Stop taking connections, answer what was received (committed first), exit. */
  { type: "drain" };
