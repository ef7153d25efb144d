// Every rule on its fixtures (fixtures/rules/<id>/{bad,good}.sql, see fixtures/rules/README.md),
// through the real engine; plus the paths every rule shares: overrides and positions.
import { readdirSync } from "node:fs";
import { summarize, type Finding } from "@rollsafe/core";
import { loadParser, parseSqlText } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES_DIR, FIXTURE_KINDS, FOLDER_FIXTURES, NEEDS_GIT_HISTORY, fixtureExists, lintFixture, lintFixtureText, renderFinding, renderFindings, splitFixture } from "./support/rule-fixtures.js";

beforeAll(() => loadParser());

const ruleIds = ALL_RULES.map((rule) => rule.id).filter((id) => !NEEDS_GIT_HISTORY.has(id));
const of = (ruleId: string) => (finding: Finding) => finding.ruleId === ruleId;
const active = (finding: Finding) => !finding.overridden;

/**
 * The override and position tests below use the breaking rules and the engine's own checks; the
 * locking and hygiene rules (lock_timeout, IF NOT EXISTS, ...) would add findings of their own on
 * the same statements, which are beside the point there.
 */
const lintBreaking = (text: string) => lintFixtureText(text).filter((f) => f.categories.includes("breaking") || f.category === "analysis");

describe("fixtures/rules", () => {
  it("has a folder with bad.sql and good.sql (or bad/ and good/ drizzle folders) for every rule, and no other folder", () => {
    const folders = readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.sort()).toEqual([...ruleIds].sort());
    const missing = ruleIds.flatMap((id) => FIXTURE_KINDS.filter((kind) => !fixtureExists(id, kind)).map((kind) => (FOLDER_FIXTURES.has(id) ? `${id}/${kind}/meta/_journal.json` : `${id}/${kind}.sql`)));
    expect(missing).toEqual([]);
  });
});

describe.each(ruleIds)("%s", (ruleId) => {
  // Each rule's expected output sits beside its fixtures (one file per rule, so rules can be
  // added in parallel without touching a shared snapshot file).
  it("bad.sql: reports the rule", async () => {
    const findings = lintFixture(ruleId, "bad").filter(of(ruleId));
    expect(findings.filter(active).length, `no active ${ruleId} finding in bad.sql`).toBeGreaterThan(0);
    await expect(`${renderFindings(findings, FOLDER_FIXTURES.has(ruleId))}\n`).toMatchFileSnapshot(`${FIXTURES_DIR}/${ruleId}/bad.expected.txt`);
  });

  it("good.sql: reports nothing that counts (overridden findings are listed)", async () => {
    const findings = lintFixture(ruleId, "good").filter(of(ruleId));
    expect(findings.filter(active).map(renderFinding)).toEqual([]);
    await expect(`${renderFindings(findings, FOLDER_FIXTURES.has(ruleId))}\n`).toMatchFileSnapshot(`${FIXTURES_DIR}/${ruleId}/good.expected.txt`);
  });

  it("bad.sql: every safer alternative is SQL PostgreSQL accepts (placeholders aside)", async () => {
    const alternatives = lintFixture(ruleId, "bad").filter(of(ruleId)).flatMap((f) => (f.saferAlternative ? [f.saferAlternative] : []));
    for (const sql of alternatives) {
      // Placeholders such as <value> and <type> become an identifier, which the grammar accepts wherever they stand.
      expect(parseSqlText(sql.replace(/<[^<>]+>/g, "x")).syntaxIssues, sql).toEqual([]);
    }
    await expect(`${alternatives[0] ?? "(none)"}\n`).toMatchFileSnapshot(`${FIXTURES_DIR}/${ruleId}/bad.alternative.txt`);
  });
});

describe("the fixture convention", () => {
  it("splits at the markers and keeps the file's lines and columns in both parts", () => {
    const text = "-- rollsafe-fixture: history\r\nCREATE TABLE t (a int);\r\n-- rollsafe-fixture: change\r\nALTER TABLE t DROP a;\r\n";
    const { history, change } = splitFixture(text);
    expect(history).toBe("                            \r\nCREATE TABLE t (a int);\r\n                           \r\n                     \r\n");
    expect(change).toBe("                            \r\n                       \r\n                           \r\nALTER TABLE t DROP a;\r\n");
    expect(splitFixture("SELECT 1;")).toEqual({ history: undefined, change: "SELECT 1;" });
  });

  it("rejects markers out of order", () => {
    expect(() => splitFixture("-- rollsafe-fixture: change\nSELECT 1;\n-- rollsafe-fixture: history\n")).toThrow(/history.*followed by.*change/);
    expect(() => splitFixture("-- rollsafe-fixture: history\nSELECT 1;\n")).toThrow(/found: history$/);
  });

  it("checks only the change: the history is replayed, never reported", () => {
    const findings = lintBreaking("-- rollsafe-fixture: history\nDROP TABLE legacy;\nCREATE TABLE t (a int);\n-- rollsafe-fixture: change\nALTER TABLE t DROP COLUMN a;\n");
    expect(findings.map(renderFinding)).toEqual([expect.stringMatching(/^5:15-5:28 dropping-column /)]);
  });
});

const HISTORY = "-- rollsafe-fixture: history\nCREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text);\n-- rollsafe-fixture: change\n";

describe("overrides", () => {
  it("reports an overridden finding with its reason; it does not count as an error", () => {
    const findings = lintBreaking(`${HISTORY}-- compat: breaking[dropping-column] (reason: nickname unused since v1.3)\nALTER TABLE users DROP COLUMN nickname;\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "dropping-column", severity: "error", category: "breaking", overridden: { reason: "nickname unused since v1.3" } });
    expect(summarize(findings)).toEqual({ errors: 0, warnings: 0, notes: 0, overridden: 1, baselined: 0 });
  });

  it("allows only the named rules, and only on its own statement", () => {
    const findings = lintBreaking(
      `${HISTORY}-- compat: breaking[dropping-column] (reason: nickname unused)\nALTER TABLE users DROP COLUMN nickname, ADD COLUMN tenant_id bigint NOT NULL;\nALTER TABLE users DROP COLUMN email;\n`,
    );
    const inFileOrder = [...findings].sort((a, b) => a.range.start.offset - b.range.start.offset);
    expect(inFileOrder.map((f) => [f.ruleId, f.range.start.line, f.overridden?.reason ?? null])).toEqual([
      ["dropping-column", 5, "nickname unused"],
      ["adding-required-column", 5, null],
      ["dropping-column", 6, null],
    ]);
    expect(summarize(findings)).toMatchObject({ errors: 2, overridden: 1 });
  });

  it("trailing the statement's line, after the semicolon", () => {
    const findings = lintBreaking(`${HISTORY}ALTER TABLE users DROP COLUMN nickname; -- compat: breaking (reason: unused)\n`);
    expect(findings.map(renderFinding)).toEqual([expect.stringMatching(/^4:19-4:39 dropping-column \[overridden: unused\] /)]);
  });

  it("are found before and after the statement with CRLF line breaks, in line and block comments", () => {
    const sql = [
      "-- rollsafe-fixture: history",
      'CREATE TABLE "é" (x int, y int, z int);',
      "-- rollsafe-fixture: change",
      'ALTER TABLE "é" DROP COLUMN x; -- compat: breaking (reason: trailing)',
      "-- compat: breaking (reason: leading)",
      'ALTER TABLE "é" DROP COLUMN y;',
      "/* compat: breaking",
      "   (reason: a block over two lines) */",
      'ALTER TABLE "é" DROP COLUMN z;',
      "",
    ].join("\r\n");
    expect(lintBreaking(sql).map((f) => `${f.range.start.line}:${f.range.start.column} ${f.overridden?.reason}`)).toEqual(["4:17 trailing", "6:17 leading", "9:17 a block over two lines"]);
  });

  describe("invalid-override", () => {
    it.each([
      ["no reason", "-- compat: breaking", "Override without a reason. Add `(reason: <why this is acceptable>)`: the reason is shown in every report."],
      ["an empty reason", "-- compat: breaking (reason:   )", "Override with an empty reason. Say why the break is acceptable: the reason is shown in every report."],
      ["an unknown rule id", "-- compat: breaking[droping-column] (reason: unused)", "Unknown rule id in override: droping-column."],
      ["unknown rule ids", "-- compat: breaking[dropping-column, nope, nada] (reason: unused)", "Unknown rule ids in override: nope, nada."],
      ["an unknown category", "-- compat: braking (reason: unused)", 'Unknown category "braking" in override; use one of: breaking, locking, data-loss, integrity, hygiene.'],
      ["the analysis category", "-- compat: analysis (reason: unused)", 'Unknown category "analysis" in override; use one of: breaking, locking, data-loss, integrity, hygiene.'],
    ])("%s is an error at the comment, and allows nothing", (_, directive, message) => {
      const findings = lintBreaking(`${HISTORY}${directive}\nALTER TABLE users DROP COLUMN nickname;\n`);
      expect(findings.map(renderFinding)).toEqual([
        `4:1-4:${directive.length + 1} invalid-override ${message}`,
        expect.stringMatching(/^5:19-5:39 dropping-column Column "nickname"/),
      ]);
      expect(summarize(findings)).toEqual({ errors: 2, warnings: 0, notes: 0, overridden: 0, baselined: 0 });
    });
  });

  describe("unused-override", () => {
    it.each([
      ["a statement without findings", "-- compat: breaking (reason: just in case)\nALTER TABLE users ADD COLUMN bio text;", "no breaking finding"],
      ["a rule list that does not match", "-- compat: breaking[renaming-column, dropping-table] (reason: unused)\nALTER TABLE users DROP COLUMN nickname;", "no breaking finding from renaming-column, dropping-table"],
      ["another category", "-- compat: integrity (reason: small table)\nALTER TABLE users DROP COLUMN nickname;", "no integrity finding"],
    ])("on %s is a warning at the comment", (_, sql, what) => {
      const findings = lintBreaking(`${HISTORY}${sql}\n`);
      const unused = findings.filter(of("unused-override"));
      expect(unused.map(renderFinding)).toEqual([
        `4:1-4:${sql.indexOf("\n") + 1} unused-override This override allows nothing: ${what} on the statement it is attached to. Remove it, or move it to the statement it is meant for.`,
      ]);
      expect(unused[0]?.severity).toBe("warn");
      expect(findings.filter((f) => f.overridden)).toEqual([]);
    });
  });
});

describe("syntax errors", () => {
  it("cost one finding each; the file's other statements are still checked", () => {
    const findings = lintFixture("syntax-error", "bad");
    expect(findings.filter(of("syntax-error")).length).toBeGreaterThan(1);
    expect(findings.filter(of("dropping-column")).map(renderFinding)).toEqual([expect.stringMatching(/^15:19-15:36 dropping-column Column "email"/)]);
  });
});

describe("safer alternatives", () => {
  it("spell the statement's own names, quoted (renaming-table, a quoted new name with a dot)", () => {
    const [finding] = lintBreaking('-- rollsafe-fixture: history\nCREATE TABLE audit.log (id int);\n-- rollsafe-fixture: change\nALTER TABLE audit.log RENAME TO "log.v2";\n');
    expect(finding?.saferAlternative?.split("\n").filter((line) => !line.startsWith("--"))).toEqual([
      'ALTER TABLE "audit"."log" RENAME TO "log.v2";',
      'CREATE VIEW "audit"."log" AS SELECT * FROM "audit"."log.v2";',
      'DROP VIEW "audit"."log";',
    ]);
  });
});

describe("positions", () => {
  // The second sub-command of an ALTER TABLE on quoted non-ASCII names, after CRLF line breaks.
  const lines = ['CREATE TABLE "é" (x int, "ü" int);', "-- rollsafe-fixture: change", 'ALTER TABLE "é" ADD COLUMN a int, DROP COLUMN "ü";'];
  const text = (eol: string) => ["-- rollsafe-fixture: history", ...lines, ""].join(eol);

  it("CRLF and non-ASCII identifiers: the sub-command's own range, in UTF-16 columns", () => {
    const findings = lintBreaking(text("\r\n"));
    expect(findings.map(renderFinding)).toMatchInlineSnapshot(`
      [
        "4:35-4:50 dropping-column Column "ü" of existing table "é" is dropped: the previous release still selects or inserts it and fails, so rolling the code back no longer works. Its data is gone for good.",
      ]
    `);
    const [finding] = findings;
    // 'ALTER TABLE "é" ADD COLUMN a int, ' is 34 characters; 'DROP COLUMN "ü"' is 15.
    expect(finding?.range.start).toMatchObject({ line: 4, column: 35 });
    expect(finding?.range.end).toMatchObject({ line: 4, column: 50 });
    const source = text("\r\n");
    expect(source.slice(finding!.range.start.offset, finding!.range.end.offset)).toBe('DROP COLUMN "ü"');
  });

  it("gives the same lines and columns for LF and CRLF", () => {
    const positions = (eol: string) => lintBreaking(text(eol)).map((f) => [f.range.start.line, f.range.start.column, f.range.end.line, f.range.end.column]);
    expect(positions("\r\n")).toEqual(positions("\n"));
  });

  it("counts a character outside the BMP as two columns, as editors do", () => {
    const sql = 'CREATE TABLE "😀" (x int, y int);\r\n-- rollsafe-fixture: change\r\nALTER TABLE "😀" DROP COLUMN x, DROP COLUMN y;\r\n';
    const findings = lintBreaking(`-- rollsafe-fixture: history\r\n${sql}`);
    expect(findings.map((f) => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`)).toEqual(["4:18-4:31", "4:33-4:46"]);
  });

  it("points a multi-line ALTER TABLE's sub-command at its own line", () => {
    const findings = lintBreaking(`${HISTORY}ALTER TABLE users\r\n  ADD COLUMN bio text,\r\n  DROP COLUMN email;\r\n`);
    expect(findings.map(renderFinding)).toEqual([expect.stringMatching(/^6:3-6:20 dropping-column /)]);
  });
});
