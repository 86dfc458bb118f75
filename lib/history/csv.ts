/**
 * CSV (RFC 4180) for the history exports. csv-stringify is not installed, so this is the
 * whole of it: fields with a comma, quote, CR or LF are quoted with quotes doubled; lines end
 * with CRLF; text that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe (numbers are written as numbers and never touched).
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download response: text/csv, attachment with `filename`. */
export function csvResponse(filename: string, header: readonly string[], rows: readonly (readonly CsvValue[])[]): Response {
  return new Response(toCsv(header, rows), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
