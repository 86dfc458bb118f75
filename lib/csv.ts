/**
 * The one CSV writer of the product: every CSV download (the history tables, the roster
 * export) goes through here, built on csv-stringify.
 *
 * The format (RFC 4180): comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, a quote (doubled), CR or LF, or starts or ends with white space (so an import that
 * trims, like the roster import, keeps it).
 *
 * Spreadsheet formula guard (OWASP "CSV Injection"): text starting with `=`, `+`, `-`, `@`,
 * TAB or CR (or the full-width `＝ ＋ － ＠`) gets a leading `'`, so Excel, LibreOffice and
 * Google Sheets show it as text instead of running it (csv-stringify's `escape_formulas`).
 * Agent names, pause codes, dispositions and caller numbers come from outside, so no cell is
 * exempt. Numbers are written as numbers and never guarded (a negative number keeps its
 * minus); a non-finite number is an empty cell; booleans are `true`/`false`; null and
 * undefined are empty cells.
 */
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify, type Options } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";

export type CsvValue = string | number | boolean | null | undefined;
export type CsvRow = readonly CsvValue[];

const OPTIONS: Options = {
  record_delimiter: "windows",
  // Quote a field holding a lone CR or LF too, not only one holding CRLF.
  quote_record_delimiter: true,
  escape_formulas: true,
  // One pattern, not two: it is tried on every field (720,000 in a 90-day agents.csv).
  quoted_match: [/^\s|\s$/],
  cast: {
    number: (v) => (Number.isFinite(v) ? String(v) : ""),
    boolean: (v) => (v ? "true" : "false"),
  },
};

/** The whole CSV text of `header` and `rows`, for small tables and tests. */
export function toCsv(header: readonly string[], rows: Iterable<CsvRow>): string {
  return stringifySync([header, ...rows] as CsvValue[][], OPTIONS);
}

/** Bytes gathered into one chunk of the response before it is handed on. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Gathers csv-stringify's output (one small string per record) into chunks of about
 * {@link CHUNK_BYTES}: each chunk of a web stream costs promises and a socket write, which
 * for 45,000 records was a large share of an export's time. What is gathered leaves at the
 * latest on the next turn of the event loop, so the header and the rows of a slow query are
 * not held back waiting for more.
 */
function coalesce(): Transform {
  let parts: Buffer[] = [];
  let bytes = 0;
  let scheduled: NodeJS.Immediate | null = null;
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      parts.push(chunk);
      bytes += chunk.length;
      if (bytes >= CHUNK_BYTES) flush();
      else scheduled ??= setImmediate(flush);
      callback();
    },
    final(callback) {
      flush();
      callback();
    },
    destroy(err, callback) {
      if (scheduled) clearImmediate(scheduled);
      callback(err);
    },
  });
  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (bytes === 0 || out.destroyed) return;
    const chunk = parts.length === 1 ? parts[0]! : Buffer.concat(parts, bytes);
    parts = [];
    bytes = 0;
    out.push(chunk);
  }
  return out;
}

/**
 * A byte stream of the CSV of `header` and `rows`, produced as `rows` yields: csv-stringify's
 * stream API piped into a web stream (the body of a Response), with back-pressure end to end
 * (a slow reader pauses `rows`; at most about two chunks of {@link CHUNK_BYTES} and a few
 * records wait in between), the output gathered into chunks of about 64 KiB.
 *
 * Errors: an error thrown by `rows` errors the stream after the bytes already produced (the
 * HTTP server then aborts the response: the download is cut short and fails, never silently
 * truncated; the last line also lacks its CRLF); `onError` is told of it (not of a reader that
 * went away). Cancelling the stream stops the iteration (`rows`' finally blocks run).
 */
export function csvStream(header: readonly string[], rows: Iterable<CsvRow> | AsyncIterable<CsvRow>, onError?: (err: Error) => void): ReadableStream<Uint8Array> {
  const stringifier = stringify(OPTIONS);
  const chunks = coalesce();
  async function* records(): AsyncGenerator<CsvValue[]> {
    yield [...header];
    // csv-stringify only reads a record: no copy per row (45,000 of them in agents.csv).
    for await (const row of rows) yield row as CsvValue[];
  }
  pipeline(Readable.from(records()), stringifier, chunks).catch((err: Error & { code?: string }) => {
    if (err.code !== "ERR_STREAM_PREMATURE_CLOSE") onError?.(err);
  });
  return Readable.toWeb(chunks) as unknown as ReadableStream<Uint8Array>;
}

/**
 * A CSV download of `body` (a {@link csvStream}): `text/csv`, `attachment; filename=...`
 * (characters other than `A-Z a-z 0-9 . _ -` replaced by `_`), not cached.
 */
export function csvResponse(filename: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

/**
 * Undoes the formula guard on one cell read back from a CSV this writer produced (the roster
 * import): a `'` in front of a character the guard escapes is dropped, so an export
 * re-imports unchanged.
 */
export function unguardCsvCell(value: string): string {
  return /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? value.slice(1) : value;
}
