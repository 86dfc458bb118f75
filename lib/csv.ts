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
import { Readable, type Writable } from "node:stream";
import { stringify, type Options, type Stringifier } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";

export type CsvValue = string | number | boolean | null | undefined;
export type CsvRow = readonly CsvValue[];

/** Text that must be quoted beyond csv-stringify's own rules (delimiter, quote, CRLF): see OPTIONS. No `g` flag: test() keeps no state. */
const NEEDS_QUOTES = /^\s|\s$|[\r\n]/;

const OPTIONS: Options = {
  record_delimiter: "windows",
  escape_formulas: true,
  // A text field is quoted when it starts or ends with white space, or holds a CR or LF
  // anywhere (a lone one too, not only CRLF): one pattern for all of it, tried on text only
  // (cast.string below; a number's or boolean's text never matches), where csv-stringify's
  // `quote_record_delimiter` makes an array and three searches per field and `quoted_match`
  // tries its patterns on every field (765,000 in a 90-day agents.csv).
  quote_record_delimiter: false,
  cast: {
    string: (v) => (NEEDS_QUOTES.test(v) ? { value: v, quoted: true } : v),
    number: (v) => (Number.isFinite(v) ? String(v) : ""),
    boolean: (v) => (v ? "true" : "false"),
  },
};

/** The whole CSV text of `header` and `rows`, for small tables and tests. */
export function toCsv(header: readonly string[], rows: Iterable<CsvRow>): string {
  return stringifySync([header, ...rows] as CsvValue[][], OPTIONS);
}

/** Characters gathered into one chunk of the response before it is handed on (about 64 KiB). */
const CHUNK_CHARS = 64 * 1024;

/**
 * The bytes of `stringifier`'s output as a Readable: its records (one small string each) are
 * gathered into chunks of about {@link CHUNK_CHARS}, encoded once per chunk (each chunk of a
 * web stream costs promises and a socket write; a Buffer per record was a large share of a
 * 45,000-record export's time), read with a `data` listener rather than piped into another
 * stream (a second stream's write per record was about a twentieth of that export's time). What is
 * gathered leaves at the latest on the next turn of the event loop, so the header and the rows
 * of a slow query are not held back waiting for more. Back-pressure: the stringifier is paused
 * while the Readable is full and resumed when it is read. Destroying the Readable destroys the
 * stringifier; a stringifier's error (the source's, see feed) destroys the Readable with it.
 */
function chunksOf(stringifier: Stringifier, onError?: (err: Error) => void): Readable {
  let text = "";
  let scheduled: NodeJS.Immediate | null = null;
  const out = new Readable({
    read() {
      if (stringifier.isPaused()) stringifier.resume();
    },
    destroy(err, callback) {
      if (scheduled) clearImmediate(scheduled);
      stringifier.destroy();
      callback(err);
    },
  });
  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    if (text === "" || out.destroyed) return;
    const chunk = Buffer.from(text, "utf8");
    text = "";
    if (!out.push(chunk)) stringifier.pause();
  }
  // Records leave the stringifier as strings, not a Buffer each: encoded per chunk in flush().
  stringifier.setEncoding("utf8");
  stringifier.on("data", (record: string) => {
    text += record;
    if (text.length >= CHUNK_CHARS) flush();
    else scheduled ??= setImmediate(flush);
  });
  stringifier.on("end", () => {
    flush();
    if (!out.destroyed) out.push(null);
  });
  stringifier.on("error", (err) => {
    onError?.(err);
    out.destroy(err);
  });
  return out;
}

/** Resolves once `s` can take more (drain) or is gone (close, error). */
function writable(s: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      s.off("drain", done);
      s.off("close", done);
      resolve();
    };
    s.on("drain", done);
    s.on("close", done);
  });
}

/**
 * Writes the header and every record of `batches` into the stringifier, pausing while it is
 * full (back-pressure), stopping when it is destroyed (the reader went away: leaving the loop
 * runs the source's finally blocks), and ending it, or destroying it with the source's error.
 * One record is one `write` call: no promise per record.
 */
async function feed(stringifier: Stringifier, header: readonly string[], batches: AsyncIterable<readonly CsvRow[]> | Iterable<readonly CsvRow[]>): Promise<void> {
  try {
    if (!stringifier.write([...header])) await writable(stringifier);
    for await (const batch of batches) {
      if (stringifier.destroyed) return;
      let room = true;
      // csv-stringify only reads a record: no copy per row (45,000 of them in agents.csv).
      for (const row of batch) room = stringifier.write(row);
      if (!room) await writable(stringifier);
      if (stringifier.destroyed) return;
    }
    stringifier.end();
  } catch (err) {
    stringifier.destroy(err as Error);
  }
}

/**
 * A byte stream of the CSV of `header` and the rows of `batches` (each an array of rows),
 * produced as `batches` yields: csv-stringify's stream API piped into a web stream (the body
 * of a Response), with back-pressure end to end (a slow reader pauses `batches` between
 * batches; at most about two chunks of {@link CHUNK_CHARS} and one batch wait in between),
 * the output gathered into chunks of about 64 KiB. A large export hands over its rows in
 * batches (agents.csv: a day of rows at a time): a promise per batch, not per row.
 *
 * Errors: an error thrown by `batches` errors the stream after the bytes already produced (the
 * HTTP server then aborts the response: the download is cut short and fails, never silently
 * truncated; the last line also lacks its CRLF); `onError` is told of it (not of a reader that
 * went away). Cancelling the stream stops the iteration (`batches`' finally blocks run).
 */
export function csvBatchStream(header: readonly string[], batches: AsyncIterable<readonly CsvRow[]> | Iterable<readonly CsvRow[]>, onError?: (err: Error) => void): ReadableStream<Uint8Array> {
  const stringifier = stringify(OPTIONS);
  const chunks = chunksOf(stringifier, onError);
  void feed(stringifier, header, batches);
  return Readable.toWeb(chunks) as unknown as ReadableStream<Uint8Array>;
}

/** {@link csvBatchStream} of rows given one at a time (small tables, the roster). */
export function csvStream(header: readonly string[], rows: Iterable<CsvRow> | AsyncIterable<CsvRow>, onError?: (err: Error) => void): ReadableStream<Uint8Array> {
  async function* oneByOne(): AsyncGenerator<readonly CsvRow[]> {
    for await (const row of rows) yield [row];
  }
  return csvBatchStream(header, oneByOne(), onError);
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
