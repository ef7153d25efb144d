// The release verdicts as pure functions: Kleene's AND, the decision with what was not analysed, the
// new code against the old schema (through the engine's statement hook), and upgrade spans.
import { loadParser, type Migration } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { allSafe, assessRelease, decideRollbackPath, lintMigrationSets, newCodeOldSchemaCollector, upgradeSpan, type Finding, type UnanalysedStatement } from "../src/index.js";

beforeAll(() => loadParser());

const DO_BLOCK: UnanalysedStatement = { path: "m/002.sql", range: { start: { line: 3, column: 1, offset: 20 }, end: { line: 3, column: 30, offset: 49 } }, kind: "unmodeled", why: "a DO block runs procedural code" };
const BREAK = { ruleId: "renaming-column", category: "breaking", categories: ["breaking"], severity: "error", message: "m", path: "m/002.sql", range: DO_BLOCK.range! } as Finding;

describe("allSafe (Kleene's AND)", () => {
  it("false wins, then unknown, then true; nothing is true", () => {
    expect(allSafe([true, "unknown", false])).toBe(false);
    expect(allSafe([true, "unknown"])).toBe("unknown");
    expect(allSafe([true, true])).toBe(true);
    expect(allSafe([])).toBe(true);
  });
});

describe("decideRollbackPath with what could not be analysed", () => {
  it("is unknown, never safe, when nothing proves a break but a statement was not analysed", () => {
    const d = decideRollbackPath({ checkedMigrations: 1, findings: [], downAvailable: false, unanalysed: [DO_BLOCK] });
    expect(d).toMatchObject({ verdict: "unknown", path: "schema-compatible-rollback", unanalysed: [DO_BLOCK] });
    expect(d.reason).toContain("1 statement could not be analysed (unmodelled statement at m/002.sql:3)");
    expect(d.alternatives.map((a) => a.path)).toEqual(["roll-forward"]);
  });

  it("is false when a finding proves a break, whatever else is unknown", () => {
    expect(decideRollbackPath({ checkedMigrations: 1, findings: [BREAK], downAvailable: false, unanalysed: [DO_BLOCK] })).toMatchObject({ verdict: false, path: "roll-forward" });
  });

  it("is unknown for a release whose only file could not be read", () => {
    const d = decideRollbackPath({ checkedMigrations: 0, findings: [], downAvailable: false, unanalysed: [{ path: "m/002.sql", kind: "unreadable", why: "not UTF-8" }] });
    expect(d).toMatchObject({ verdict: "unknown", path: "service-rollback" });
    expect(d.reason).toContain("1 file could not be analysed (unreadable file at m/002.sql)");
  });

  it("is true with neither", () => {
    expect(decideRollbackPath({ checkedMigrations: 2, findings: [], downAvailable: false }).verdict).toBe(true);
  });
});

/** The new-code-on-old-schema messages of the `change`, checked against `history` (one unit). */
function newCode(history: string, change: string): string[] {
  const migrations: Migration[] = [
    { path: "/m/001.sql", name: "001", text: history },
    { path: "/m/002.sql", name: "002", text: change },
  ];
  const collector = newCodeOldSchemaCollector();
  const lint = lintMigrationSets([{ root: "/m", kind: "plain", migrations }], { rules: [], cwd: "/", newPaths: new Set(["/m/002.sql"]), onStatement: collector.onStatement });
  const assessment = assessRelease({ sets: [], checked: [migrations[1]!], findings: lint.findings, unanalysed: lint.unanalysed, newCodeIssues: collector.issues });
  return [String(assessment.compatibility.newCodeOldSchema.safe), ...collector.issues.map((i) => `${i.range.start.line} ${i.verdict} ${i.message.slice(0, i.message.indexOf(":"))}`)];
}

const USERS = "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text NOT NULL, code text NOT NULL DEFAULT 'x');\nCREATE TYPE mood AS ENUM ('ok');";

describe("the new code against the old schema (code-first deploys)", () => {
  it("additions and relaxations break it", () => {
    expect(newCode(USERS, "CREATE TABLE orders (id bigint);\nALTER TABLE users ADD COLUMN age int, ALTER COLUMN email DROP NOT NULL;\nALTER TYPE mood ADD VALUE 'sad';\nALTER TABLE users RENAME COLUMN name TO full_name;\nCREATE UNIQUE INDEX u ON users (email);")).toEqual([
      "false",
      '1 false creates table "orders"',
      '2 false adds column "age" to "users"',
      '2 false drops NOT NULL from "email" of "users"',
      "3 false adds value 'sad' to type \"mood\"",
      '4 false renames column "name" of "users" to "full_name"',
      '5 false creates unique index "u" on "users"',
    ]);
  });

  it("drops, tightenings, plain indexes and data changes do not", () => {
    expect(newCode(USERS, "ALTER TABLE users DROP COLUMN name;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\nCREATE INDEX i ON users (email);\nALTER INDEX i SET (fillfactor = 70);\nUPDATE users SET name = 'x';\nDROP TYPE mood;")).toEqual(["true"]);
  });

  it("dropping a NOT NULL column without a default breaks the new code's INSERTs on the old schema; one with a default does not", () => {
    expect(newCode(USERS, "ALTER TABLE users DROP COLUMN email;")).toEqual(["false", '1 false drops column "email" of "users", which is NOT NULL without a default']);
    expect(newCode(USERS, "ALTER TABLE users DROP COLUMN code;")).toEqual(["true"]);
  });

  it("changes to objects the same release created are not counted twice", () => {
    expect(newCode(USERS, "CREATE TABLE orders (id bigint);\nALTER TABLE orders ADD COLUMN total numeric;\nALTER TABLE orders RENAME COLUMN total TO amount;")).toEqual(["false", '1 false creates table "orders"']);
  });

  it("what it does not know is unknown, never safe", () => {
    expect(newCode(USERS, "ALTER TABLE users ALTER COLUMN email SET DATA TYPE text, INHERIT parent;")[0]).toBe("false");
    expect(newCode(USERS, "ALTER TABLE users INHERIT parent;")).toEqual(["unknown", '1 unknown ALTER TABLE "users" AddInherit']);
    expect(newCode(USERS, "CREATE AGGREGATE a (int) (sfunc = int4pl, stype = int);")).toEqual(["unknown", "1 unknown CREATE AGGREGATE (DefineStmt)"]);
    expect(newCode(USERS, "DO $$ BEGIN PERFORM 1; END $$;")).toEqual(["unknown"]);
  });
});

describe("upgradeSpan", () => {
  const steps = (...verdicts: (true | false | "unknown")[]) => verdicts.map((verdict, i) => ({ from: `v${i}`, to: `v${i + 1}`, verdict }));

  it("all safe: a direct upgrade from the first version, no stop", () => {
    expect(upgradeSpan(steps(true, true, true))).toMatchObject({ minPreviousVersion: "v0", requiredStops: [] });
  });

  it("a breaking release in the middle is a stop, and the minimum previous version", () => {
    expect(upgradeSpan(steps(true, true, false, true, true))).toMatchObject({ minPreviousVersion: "v3", requiredStops: ["v3"] });
  });

  it("unknown steps are stops too; the last step unsafe leaves no previous version", () => {
    expect(upgradeSpan(steps("unknown", true, false))).toMatchObject({ minPreviousVersion: null, requiredStops: ["v1"] });
  });
});
