/**
 * The product's one CSV writer (lib/csv.ts): RFC 4180 quoting, CRLF, the spreadsheet formula
 * guard, the stream and what the roster import undoes.
 */
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { csvBatchStream, csvResponse, csvStream, toCsv, unguardCsvCell } from "../../lib/csv";

describe("CSV writer", () => {
  it("quotes what needs it, ends lines with CRLF, writes numbers and booleans plainly", () => {
    const text = toCsv(["a", "b", "c", "d", "e", "f"], [['q"q', "a,b", "l\nf", " pad", 3.5, true], [null, undefined, NaN, -5, false, ""]]);
    expect(text).toBe('a,b,c,d,e,f\r\n"q""q","a,b","l\nf"," pad",3.5,true\r\n,,,-5,false,\r\n');
    // A line end of any kind anywhere in a field, and white space at either end, is quoted;
    // white space inside is not (a field starting with CR also gets the formula guard).
    expect(toCsv(["x"], [["a\rb"], ["a\r"], ["\r\n"], ["\n"], ["a\r\nb"], ["tab\t"], ["in side"]])).toBe(
      `x\r\n"a\rb"\r\n"a\r"\r\n"'\r\n"\r\n"\n"\r\n"a\r\nb"\r\n"tab\t"\r\nin side\r\n`,
    );
  });

  it("guards every cell a spreadsheet would run as a formula, never a number", () => {
    const hostile = ["=1+1", "+49 30", "-2", "@SUM(A1)", "\tx", "\rx", "＝1", "＋1", "－1", "＠x"];
    const [row] = parse(toCsv(["x"], [hostile]).split("\r\n").slice(1).join("\r\n"), { relax_column_count: true }) as string[][];
    expect(row).toEqual(hostile.map((v) => `'${v}`));
    expect(toCsv(["n"], [[-3], [0], [1e21]])).toBe("n\r\n-3\r\n0\r\n1e+21\r\n");
    for (const v of hostile) expect(unguardCsvCell(`'${v}`)).toBe(v);
    expect(unguardCsvCell("'plain")).toBe("'plain");
  });

  it("streams rows as they come and ends with the producer's error", async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 0; i < 3; i++) {
        produced++;
        yield [i, `=row ${i}`];
      }
    }
    expect(await new Response(csvStream(["i", "v"], rows())).text()).toBe("i,v\r\n0,'=row 0\r\n1,'=row 1\r\n2,'=row 2\r\n");
    expect(produced).toBe(3);
    const errors: string[] = [];
    async function* failing() {
      yield ["ok"];
      throw new Error("database gone");
    }
    await expect(new Response(csvStream(["x"], failing(), (e) => errors.push(e.message))).text()).rejects.toThrow("database gone");
    expect(errors).toEqual(["database gone"]);
  });

  it("streams batches of rows with back-pressure: a reader that stops pauses the producer, a cancel ends it", async () => {
    const rowOf = (b: number, i: number) => [b * 100 + i, `=x${"y".repeat(50)}`];
    let produced = 0;
    let ended = false;
    async function* batches(count: number) {
      try {
        for (let b = 0; b < count; b++) {
          produced++;
          yield Array.from({ length: 100 }, (_, i) => rowOf(b, i));
        }
      } finally {
        ended = true;
      }
    }
    // The same bytes as the whole-text writer.
    const small = await new Response(csvBatchStream(["n", "v"], batches(3))).text();
    expect(small).toBe(toCsv(["n", "v"], Array.from({ length: 300 }, (_, k) => rowOf(Math.floor(k / 100), k % 100))));

    // 1,000 batches (5.6 MB); one chunk read, then nobody reads for a while.
    produced = 0;
    ended = false;
    const reader = csvBatchStream(["n", "v"], batches(1000)).getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(produced).toBeLessThan(100);
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toBe(true);
    expect(produced).toBeLessThan(100);
  });

  it("answers a download: text/csv, attachment with a safe file name, not cached", async () => {
    const res = csvResponse('a b/"c".csv', csvStream(["h"], [["v"]]));
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="a_b__c_.csv"');
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("h\r\nv\r\n");
  });
});
