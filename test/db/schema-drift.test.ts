/**
 * The SQL migrations and prisma/schema.prisma must describe the same database: apply the
 * migrations to an empty database and check every model, column, type and nullability of the
 * schema, and that the migrations create no column the schema lacks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/db/migrate";
import { createTestDatabase, query } from "../support/database";

const PRISMA_TO_PG: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Boolean: "boolean",
  DateTime: "timestamp with time zone",
  Json: "jsonb",
  Float: "double precision",
  Bytes: "bytea",
};

/** Native type attributes (`@db.X`) whose PostgreSQL type differs from the scalar's default. */
const NATIVE_TO_PG: Record<string, string> = {
  Json: "json",
};

interface Column {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
}

/** Reads models from the schema file: scalar fields, @map and @@map. */
function schemaColumns(): Column[] {
  const text = readFileSync("prisma/schema.prisma", "utf8");
  const columns: Column[] = [];
  for (const [, name, body] of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!;
    for (const line of body!.split("\n")) {
      const m = /^\s+(\w+)\s+(Unsupported\("\w+"\)|\w+)(\?)?(\[\])?(.*)$/.exec(line);
      // Unsupported("xid8"): a PostgreSQL type Prisma has no name for, kept as is.
      const unsupported = m ? /^Unsupported\("(\w+)"\)$/.exec(m[2]!)?.[1] : undefined;
      if (!m || (!unsupported && !(m[2]! in PRISMA_TO_PG))) continue;
      const column = /@map\("([^"]+)"\)/.exec(m[5]!)?.[1] ?? m[1]!;
      // Scalar lists are Postgres arrays, which Prisma's own migrations leave nullable.
      const list = m[4] === "[]";
      // A native type attribute where it names another type than the default (Json @db.Json: json, not jsonb).
      const native = /@db\.(\w+)/.exec(m[5]!)?.[1];
      const type = unsupported ?? (native && native in NATIVE_TO_PG ? NATIVE_TO_PG[native]! : PRISMA_TO_PG[m[2]!]!);
      columns.push({ table, column, type: list ? "ARRAY" : type, nullable: list || m[3] === "?" });
    }
  }
  return columns;
}

describe("migrations vs prisma/schema.prisma", () => {
  it("applying the migrations to an empty database yields exactly the schema's tables and columns", async () => {
    const url = await createTestDatabase();
    const first = await applyMigrations(url);
    expect(first.applied.length).toBeGreaterThan(0);
    const expected = schemaColumns();
    expect(expected.length).toBeGreaterThan(10);
    const actual = await query<{ table: string; column: string; type: string; nullable: string }>(
      url,
      `SELECT table_name AS table, column_name AS column, data_type AS type, is_nullable AS nullable
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const norm = (c: Column) => `${c.table}.${c.column} ${c.type}${c.nullable ? " NULL" : ""}`;
    expect(actual.map((c) => norm({ ...c, nullable: c.nullable === "YES" })).sort()).toEqual(expected.map(norm).sort());
  });

  it("records migrations as Prisma does and applies each only once", async () => {
    const url = await createTestDatabase();
    await applyMigrations(url);
    const again = await applyMigrations(url);
    expect(again.applied).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(url, `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`);
    expect(rows.length).toBe(again.alreadyApplied.length);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }
  });
});
