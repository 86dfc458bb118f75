import { describe, expect, it } from "vitest";
import { parseRosterCsv, readRosterCsv } from "../../lib/agents/roster-csv";

describe("roster CSV", () => {
  it("reads quoted fields, a BOM, CRLF and the column aliases", () => {
    const text = '\uFEFFuser,name,campaign,team,phone\r\n1001,"Lovelace, Ada",SALES,Blue,2001\r\n1002,,SUPPORT,,\r\n';
    expect(parseRosterCsv(text)).toEqual([
      { user: "1001", fullName: "Lovelace, Ada", campaign: "SALES", team: "Blue", extension: "2001" },
      { user: "1002", fullName: null, campaign: "SUPPORT", team: null, extension: null },
    ]);
  });

  it("reports every bad line with its number instead of stopping at the first", () => {
    const { entries, errors } = readRosterCsv("user,campaign\n1001,A\n,B\n1001,C\n1003,D\n");
    expect(entries.map((e) => e.user)).toEqual(["1001", "1003"]);
    expect(errors).toEqual(["line 3: the user column is empty", "line 4: user 1001 already on line 2"]);
    expect(() => parseRosterCsv("user,campaign\n,B\n")).toThrow("line 2: the user column is empty");
  });

  it("needs a header with a user column, even with no rows", () => {
    expect(readRosterCsv("name,campaign\n").errors).toEqual(["the first line must be a header with a user column: user,full_name,campaign,team,extension"]);
    expect(readRosterCsv('user,"unterminated\n').errors[0]).toMatch(/^the CSV cannot be read/);
  });

  it("takes a stricter row check, as the admin import does", () => {
    const { errors } = readRosterCsv("user,extension\n1001,20 01\n", (c) => {
      if (c.extension && /\s/.test(c.extension)) throw new Error("extension: no spaces");
      return { user: c.user!, fullName: null, campaign: null, team: null, extension: c.extension ?? null };
    });
    expect(errors).toEqual(["line 2: extension: no spaces"]);
  });
});
