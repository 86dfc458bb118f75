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
import { Readable } from "node:stream";
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
  quoted_match: [/^\s/, /\s$/],
  cast: {
    number: (v) => (Number.isFinite(v) ? String(v) : ""),
    boolean: (v) => (v ? "true" : "false"),
  },
};

/** The whole CSV text of `header` and `rows`, for small tables and tests. */
export function toCsv(header: readonly string[], rows: Iterable<CsvRow>): string {
  return stringifySync([header, ...rows] as CsvValue[][], OPTIONS);
}

/**
 * A byte stream of the CSV of `header` and `rows`, produced as `rows` yields (csv-stringify's
 * stream API, with back-pressure: a slow reader pauses the producer). An error thrown by
 * `rows` ends the stream with that error (the download is cut short, never silently
 * truncated); cancelling the stream stops the iteration (`rows`' finally blocks run).
 * `onError` is told of such errors (not of a reader that went away).
 */
export function csvStream(header: readonly string[], rows: Iterable<CsvRow> | AsyncIterable<CsvRow>, onError?: (err: Error) => void): ReadableStream<Uint8Array> {
  const stringifier = stringify(OPTIONS);
  async function* records(): AsyncGenerator<CsvValue[]> {
    yield [...header];
    for await (const row of rows) yield [...row];
  }
  pipeline(Readable.from(records()), stringifier).catch((err: Error & { code?: string }) => {
    if (err.code !== "ERR_STREAM_PREMATURE_CLOSE") onError?.(err);
  });
  return Readable.toWeb(stringifier) as unknown as ReadableStream<Uint8Array>;
}

/**
 * A CSV download: `text/csv`, `attachment; filename=...` (characters other than
 * `A-Z a-z 0-9 . _ -` replaced by `_`), not cached; the body streamed by {@link csvStream}.
 */
export function csvResponse(filename: string, header: readonly string[], rows: Iterable<CsvRow> | AsyncIterable<CsvRow>, onError?: (err: Error) => void): Response {
  return new Response(csvStream(header, rows, onError), {
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
