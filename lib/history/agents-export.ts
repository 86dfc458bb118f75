/**
 * The agents report as a CSV download (GET /api/history/agents.csv), kept out of the route so
 * the benchmark (scripts/history-bench.ts) times the very stream the route serves.
 */
import type pg from "pg";
import type { Db } from "../db/prisma";
import { csvBatchStream, type CsvRow } from "../csv";
import { agentDayRowBatches, type AgentDayQuery } from "../queries/history/agent-days";
import { AGENTS_HEADER, agentsRow } from "./reports";
import { catchUpHistory } from "./rollup";

/**
 * The CSV bytes of every agent-day row matching `q` (columns {@link AGENTS_HEADER}, CRLF, the
 * formula guard of lib/csv.ts), as a web stream. The header leaves at once; the rollups are
 * then brought up to date (catch-up on `db`, at most its time budget) and the rows follow as
 * pages of a few days read on connections of `pool` ({@link agentDayRowBatches}), a day at a time,
 * paced by the reader (back-pressure), so memory holds a few days of rows whatever the range.
 *
 * Errors: none thrown. A failure after the header (catch-up, query, connection, the export's
 * time limit) errors the stream, which the HTTP server turns into an aborted
 * response (no final chunk), so the client sees a failed download, never a file that looks
 * complete; `onError` is told. Cancelling the stream stops the reading; no connection is held
 * while the reader waits.
 */
export function agentsCsvStream(db: Db, pool: pg.Pool, q: Omit<AgentDayQuery, "limit" | "offset">, onError?: (err: Error) => void): ReadableStream<Uint8Array> {
  async function* days(): AsyncGenerator<CsvRow[]> {
    await catchUpHistory(db);
    for await (const day of agentDayRowBatches(pool, q)) yield day.map(agentsRow);
  }
  return csvBatchStream(AGENTS_HEADER, days(), onError);
}
