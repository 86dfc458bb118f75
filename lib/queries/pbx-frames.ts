/**
 * Queries on `pbx_frame`: every PBX frame as received.
 */
import type { Db } from "../db/prisma";

export interface PbxFrameRow {
  pbx: string;
  /** ms, server clock. */
  receivedAt: number;
  action: string | null;
  raw: string;
}

/** Inserts frames in one statement. */
export async function insertPbxFrames(db: Db, rows: readonly PbxFrameRow[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO pbx_frame (pbx, received_at, action, raw)
    SELECT pbx, to_timestamp(ms / 1000.0), action, raw
    FROM unnest(${rows.map((r) => r.pbx)}::text[], ${rows.map((r) => r.receivedAt)}::float8[], ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.raw)}::text[])
      AS t(pbx, ms, action, raw)`;
}
