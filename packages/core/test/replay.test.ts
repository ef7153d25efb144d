import { loadParser, parseSqlText } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "../../../test/support/corpus.js";
import { formatColumnType, replayStatement, SchemaModel, type Origin } from "../src/index.js";

beforeAll(() => loadParser());

/** Replays migrations in order, each its own unit (1, 2, ...), like `rollsafe lint` on a folder. */
function replay(...migrations: string[]): { model: SchemaModel; unmodeled: string[] } {
  const model = new SchemaModel();
  const unmodeled: string[] = [];
  migrations.forEach((sql, i) => {
    const file = parseSqlText(sql);
    expect(file.syntaxIssues).toEqual([]);
    for (const statement of file.statements) {
      const why = replayStatement(model, statement, (i + 1) as Origin);
      if (why) unmodeled.push(`${statement.kind}: ${why}`);
    }
  });
  return { model, unmodeled };
}

function column(model: SchemaModel, table: string, name: string) {
  const col = model.tables.get(table)?.columns.get(name);
  if (!col) throw new Error(`no column ${table}.${name}`);
  return { type: col.type ? formatColumnType(col.type) : undefined, notNull: col.notNull, hasDefault: col.hasDefault, identity: col.identity, generated: col.generated, origin: col.origin };
}

describe("schema replay", () => {
  it("creates tables with column types, nullability, defaults, identity and generated columns", () => {
    const { model } = replay(`CREATE TABLE "app"."users" (
      id bigserial PRIMARY KEY,
      email varchar(255) NOT NULL,
      score numeric(10, 2) DEFAULT 0,
      tags text[],
      n int GENERATED ALWAYS AS IDENTITY,
      lower_email text GENERATED ALWAYS AS (lower(email)) STORED
    );`);
    expect(column(model, "app.users", "id")).toEqual({ type: "bigint", notNull: true, hasDefault: true, identity: false, generated: false, origin: 1 });
    expect(column(model, "app.users", "email")).toMatchObject({ type: "varchar(255)", notNull: true, hasDefault: false });
    expect(column(model, "app.users", "score")).toMatchObject({ type: "numeric(10,2)", notNull: false, hasDefault: true });
    expect(column(model, "app.users", "tags").type).toBe("text[]");
    expect(column(model, "app.users", "n")).toMatchObject({ identity: true, notNull: true });
    expect(column(model, "app.users", "lower_email").generated).toBe(true);
    expect(model.tables.get("app.users")?.constraints.get("users_pkey")).toMatchObject({ kind: "primary-key", columns: ["id"], validated: true });
  });

  it("follows a table created in one migration and altered in later ones", () => {
    const { model } = replay(
      "CREATE TABLE t (id int PRIMARY KEY, name varchar(20));",
      "ALTER TABLE t ADD COLUMN email text NOT NULL DEFAULT '', ALTER COLUMN name TYPE varchar(50);",
      "ALTER TABLE t RENAME COLUMN name TO full_name; ALTER TABLE t ALTER COLUMN full_name SET NOT NULL;",
      "ALTER TABLE t RENAME TO people; ALTER TABLE people DROP COLUMN email;",
    );
    expect(model.tables.has("public.t")).toBe(false);
    const people = model.tables.get("public.people");
    expect(people?.origin).toBe(1);
    expect([...(people?.columns.keys() ?? [])]).toEqual(["id", "full_name"]);
    expect(column(model, "public.people", "full_name")).toMatchObject({ type: "varchar(50)", notNull: true, origin: 1 });
  });

  it("records constraints, NOT VALID and VALIDATE CONSTRAINT, and drops", () => {
    const { model } = replay(
      "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int, a_id int, code text);",
      "ALTER TABLE b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) NOT VALID; ALTER TABLE b ADD CONSTRAINT code_check CHECK (code <> '') NOT VALID;",
      "ALTER TABLE b VALIDATE CONSTRAINT b_a_fk; ALTER TABLE b ADD UNIQUE (code);",
      "ALTER TABLE b DROP CONSTRAINT code_check;",
    );
    const constraints = model.tables.get("public.b")?.constraints;
    expect(constraints?.get("b_a_fk")).toMatchObject({ kind: "foreign-key", columns: ["a_id"], validated: true, origin: 2 });
    expect(constraints?.has("code_check")).toBe(false);
    expect(constraints?.get("b_code_key")).toMatchObject({ kind: "unique", columns: ["code"], origin: 3 });
  });

  it("tracks indexes (unique, partial), enums with added and renamed values, views and drops", () => {
    const { model } = replay(
      "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE TABLE t (id int, m mood, deleted_at timestamptz);",
      "CREATE UNIQUE INDEX CONCURRENTLY t_id_live ON t (id) WHERE deleted_at IS NULL; ALTER TYPE mood ADD VALUE 'happy'; ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';",
      "CREATE VIEW live_t AS SELECT * FROM t WHERE deleted_at IS NULL; CREATE MATERIALIZED VIEW t_count AS SELECT count(*) FROM t;",
      "DROP VIEW live_t; DROP INDEX t_id_live;",
    );
    expect(model.enums.get("public.mood")?.values).toEqual(["sad", "fine", "happy"]);
    expect(model.indexes.has("public.t_id_live")).toBe(false);
    expect(model.relations.get("public.t_count")).toMatchObject({ kind: "materialized-view", origin: 3 });
    expect(model.relations.has("public.live_t")).toBe(false);
    expect(column(model, "public.t", "m").type).toBe("mood");
  });

  it("keeps IF NOT EXISTS from replacing an existing table", () => {
    const { model } = replay("CREATE TABLE t (id int);", "CREATE TABLE IF NOT EXISTS t (id int, other text);");
    expect(model.tables.get("public.t")?.origin).toBe(1);
    expect(model.tables.get("public.t")?.columns.has("other")).toBe(false);
  });

  it("treats tables it never saw created as existing, and learns their columns from later statements", () => {
    const { model } = replay("ALTER TABLE legacy ADD COLUMN note text; ALTER TABLE legacy ALTER COLUMN amount TYPE bigint;");
    const legacy = model.tables.get("public.legacy");
    expect(legacy?.origin).toBe("unknown");
    expect(legacy?.columnsKnown).toBe(false);
    expect(column(model, "public.legacy", "note").origin).toBe(1);
    expect(column(model, "public.legacy", "amount")).toMatchObject({ type: "bigint", origin: "unknown" });
  });

  it("skips DO blocks and functions with a reason instead of failing", () => {
    const { unmodeled, model } = replay(
      "CREATE TABLE t (id int);",
      "DO $$ BEGIN EXECUTE 'ALTER TABLE t DROP COLUMN id'; END $$; CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
    );
    expect(unmodeled).toEqual(["DoStmt: a DO block runs procedural code", "CreateFunctionStmt: a function body may run DDL when it is called"]);
    expect(model.tables.get("public.t")?.columns.has("id")).toBe(true);
  });

  it.skipIf(!RUN_CORPUS_TESTS)("replays every statement of the shared corpus without throwing", async () => {
    const { readMigrationSets } = await import("@rollsafe/parser");
    const { sets } = readMigrationSets([CORPUS_DIR]);
    let statements = 0;
    for (const set of sets) {
      const model = new SchemaModel();
      set.migrations.forEach((m, i) => {
        for (const s of parseSqlText(m.text).statements) {
          replayStatement(model, s, i + 1);
          statements++;
        }
      });
      expect(model.tables.size).toBeGreaterThan(0);
    }
    expect(statements).toBe(6580);
  });
});
