import { alterCommandRanges, loadParser, parseSqlText, type Range } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "../../../test/support/corpus.js";

beforeAll(() => loadParser());

interface Located {
  where: string;
  text: string;
}

/** The sub-command ranges of statement `index`, as `line:column-line:column` and the text they cover. */
function commands(sql: string, index = 0, count?: number): Located[] | undefined {
  const file = parseSqlText(sql);
  expect(file.syntaxIssues.length + file.statements.length).toBeGreaterThan(0);
  const statement = file.statements[index]!;
  const cmds = (statement.node as { AlterTableStmt?: { cmds?: unknown[] } }).AlterTableStmt?.cmds ?? [];
  const ranges = alterCommandRanges(file.source, statement, count ?? cmds.length);
  return ranges?.map((r: Range) => ({
    where: `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`,
    text: file.source.text.slice(r.start.offset, r.end.offset),
  }));
}

describe("alterCommandRanges", () => {
  it("gives each sub-command its exact range", () => {
    expect(commands("ALTER TABLE t ADD COLUMN a int, DROP COLUMN b;")).toEqual([
      { where: "1:15-1:31", text: "ADD COLUMN a int" },
      { where: "1:33-1:46", text: "DROP COLUMN b" },
    ]);
  });

  it("does not split at commas inside parentheses, strings or quoted names", () => {
    expect(commands(`ALTER TABLE t ADD COLUMN "a,b" numeric(10,2) DEFAULT ',', ADD CONSTRAINT c CHECK (x IN (1,2)), DROP COLUMN d;`)).toEqual([
      { where: "1:15-1:57", text: `ADD COLUMN "a,b" numeric(10,2) DEFAULT ','` },
      { where: "1:59-1:94", text: "ADD CONSTRAINT c CHECK (x IN (1,2))" },
      { where: "1:96-1:109", text: "DROP COLUMN d" },
    ]);
  });

  it("skips comments (with commas in them) between sub-commands, over several lines", () => {
    const sql = "SELECT 1;\nALTER TABLE t -- a, b\n  ADD COLUMN a int, /* x, y */\n  -- c, d\n  ALTER COLUMN b SET NOT NULL;";
    expect(commands(sql, 1)).toEqual([
      { where: "3:3-3:19", text: "ADD COLUMN a int" },
      { where: "5:3-5:30", text: "ALTER COLUMN b SET NOT NULL" },
    ]);
  });

  it("counts columns in UTF-16 units after non-ASCII names and strings, on CRLF lines after a BOM", () => {
    const sql = "\uFEFF-- ü\r\nALTER TABLE \"tàble\"\r\n  ADD COLUMN \"é😀\" text DEFAULT '😀,é',\r\n  DROP COLUMN \"ï\";\r\n";
    expect(commands(sql)).toEqual([
      { where: "3:3-3:39", text: "ADD COLUMN \"é😀\" text DEFAULT '😀,é'" },
      { where: "4:3-4:18", text: 'DROP COLUMN "ï"' },
    ]);
  });

  it("skips IF EXISTS, ONLY, a schema-qualified name and `*`", () => {
    expect(commands("ALTER TABLE IF EXISTS ONLY public.t ADD COLUMN a int, DROP COLUMN b")?.map((c) => c.text)).toEqual(["ADD COLUMN a int", "DROP COLUMN b"]);
    expect(commands('ALTER TABLE "s"."t" * ADD a int,ADD b int')?.map((c) => c.text)).toEqual(["ADD a int", "ADD b int"]);
  });

  it.each([
    ["FOREIGN TABLE", "ALTER FOREIGN TABLE f ADD COLUMN a int, DROP COLUMN b", ["ADD COLUMN a int", "DROP COLUMN b"]],
    ["MATERIALIZED VIEW", "ALTER MATERIALIZED VIEW IF EXISTS v SET (fillfactor = 10), SET TABLESPACE x", ["SET (fillfactor = 10)", "SET TABLESPACE x"]],
    ["VIEW", "ALTER VIEW v ALTER COLUMN a SET DEFAULT 1, OWNER TO x", ["ALTER COLUMN a SET DEFAULT 1", "OWNER TO x"]],
    ["TYPE (composite attributes)", "ALTER TYPE t ADD ATTRIBUTE a int, DROP ATTRIBUTE b", ["ADD ATTRIBUTE a int", "DROP ATTRIBUTE b"]],
    ["a table called `index`", "ALTER TABLE index ADD COLUMN a int, DROP COLUMN b", ["ADD COLUMN a int", "DROP COLUMN b"]],
    ["a table called `type`", "ALTER TABLE type ADD COLUMN a int, DROP COLUMN b", ["ADD COLUMN a int", "DROP COLUMN b"]],
    ["a table called `view`", "ALTER TABLE IF EXISTS view ADD COLUMN a int, DROP COLUMN b", ["ADD COLUMN a int", "DROP COLUMN b"]],
  ])("splits ALTER %s", (_name, sql, expected) => {
    expect(commands(sql)?.map((c) => c.text)).toEqual(expected);
  });

  it("gives ranges in the file for a statement read after a syntax error", () => {
    const sql = "SELEC 'é';\nALTER TABLE t ADD COLUMN a int, DROP COLUMN b;";
    expect(commands(sql)).toEqual([
      { where: "2:15-2:31", text: "ADD COLUMN a int" },
      { where: "2:33-2:46", text: "DROP COLUMN b" },
    ]);
  });

  it("gives undefined when the pieces do not match the number of commands", () => {
    expect(commands("ALTER TABLE t ADD COLUMN a int, DROP COLUMN b", 0, 3)).toBeUndefined();
    expect(commands("ALTER TABLE t ADD COLUMN a int", 0, 2)).toBeUndefined();
  });

  it("gives undefined for statements that are not an ALTER of a table-like object", () => {
    expect(commands("CREATE TABLE t (a int, b int)", 0, 1)).toBeUndefined();
    expect(commands("ALTER FUNCTION f() OWNER TO x", 0, 1)).toBeUndefined();
  });

  it("answers again from its cache with the same ranges", () => {
    const file = parseSqlText("ALTER TABLE t ADD COLUMN a int, DROP COLUMN b;");
    const statement = file.statements[0]!;
    const first = alterCommandRanges(file.source, statement, 2);
    expect(first).toHaveLength(2);
    expect(alterCommandRanges(file.source, statement, 2)).toBe(first);
    expect(alterCommandRanges(file.source, statement, 1)).toBeUndefined();
  });
});

describe("single-command fast path", () => {
  it.skipIf(!RUN_CORPUS_TESTS)("gives the tokenizer's range for every one-command ALTER TABLE of the shared corpus", async () => {
    const { readMigrationSets, parseSqlText, alterCommandRanges } = await import("../src/index.js");
    const { alterCommandRangesByTokens } = await import("../src/alter-commands.js");
    const corpus = CORPUS_DIR;
    let compared = 0;
    for (const set of readMigrationSets([corpus]).sets) {
      for (const migration of set.migrations) {
        const file = parseSqlText(migration.text);
        for (const statement of file.statements) {
          const cmds = (statement.node as { AlterTableStmt?: { cmds?: unknown[]; objtype?: string } }).AlterTableStmt;
          if (!cmds || cmds.cmds?.length !== 1) continue;
          const fast = alterCommandRanges(file.source, statement, 1);
          const slow = alterCommandRangesByTokens(file.source, statement);
          expect([migration.path, fast?.[0]?.start.offset, fast?.[0]?.end.offset]).toEqual([migration.path, slow?.[0]?.start.offset, slow?.[0]?.end.offset]);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(2500);
  });
});
