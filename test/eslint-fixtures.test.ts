// Every rule's fixtures (fixtures/rules/<id>/{bad,good}.sql) linted through ESLint and the rollsafe
// language must report exactly what the reviewed CLI snapshots beside them say (bad.expected.txt,
// good.expected.txt), line, column and message; overridden findings are not ESLint problems.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "@rollsafe/rules";
import { describe, expect, it } from "vitest";
import type { SqlLanguageOptions } from "eslint-plugin-rollsafe";
import { lintSql, makeFolder, render } from "../packages/eslint-plugin/test/support/lint-sql.js";
import { FIXTURE_KINDS, FIXTURES_DIR, FOLDER_FIXTURES, fixtureOptions, NEEDS_GIT_HISTORY, splitFixture, type FixtureKind } from "./support/rule-fixtures.js";

// The drizzle folder checks are not ESLint rules (NOT_IN_ESLINT); their fixtures are folders.
const ruleIds = ALL_RULES.map((rule) => rule.id).filter((id) => !NEEDS_GIT_HISTORY.has(id) && !FOLDER_FIXTURES.has(id));

/** The fixture as a folder of two migrations (history, then the change), linted as the change. */
function lintFixture(ruleId: string, kind: FixtureKind) {
  const text = readFileSync(join(FIXTURES_DIR, ruleId, `${kind}.sql`), "utf8");
  const { history, change } = splitFixture(text);
  const folder = makeFolder({ ...(history !== undefined ? { "1_history.sql": history } : {}), "2_change.sql": change });
  const options = fixtureOptions(text);
  const languageOptions: SqlLanguageOptions = {
    ...(options.postgresVersion !== undefined ? { postgresVersion: options.postgresVersion } : {}),
    ...(options.transaction !== undefined ? { transaction: options.transaction } : {}),
  };
  return lintSql(change, { filename: join(folder, "2_change.sql"), languageOptions });
}

/** The snapshot's findings of the rule that count (the CLI lists overridden ones too). */
function expected(ruleId: string, kind: FixtureKind): string[] {
  const lines = readFileSync(join(FIXTURES_DIR, ruleId, `${kind}.expected.txt`), "utf8").split("\n").filter(Boolean);
  return lines.filter((line) => !line.includes(` ${ruleId} [overridden: `));
}

describe.each(ruleIds.filter((id) => id !== "syntax-error"))("rollsafe/%s on its fixtures", (ruleId) => {
  it.each(FIXTURE_KINDS)("%s.sql: the CLI snapshot's findings, and only those", (kind) => {
    const messages = lintFixture(ruleId, kind);
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    const actual = messages.filter((m) => m.ruleId === `rollsafe/${ruleId}`).map(render);
    expect(actual.sort()).toEqual(expected(ruleId, kind).sort());
    if (kind === "bad") expect(actual.length).toBeGreaterThan(0);
  });
});

describe("syntax-error fixtures", () => {
  it("bad.sql: each statement PostgreSQL rejects is an ESLint parsing error where the CLI reports it", () => {
    const messages = lintFixture("syntax-error", "bad");
    const parsingErrors = messages.map((m) => `${m.line}:${m.column} ${m.fatal ? "fatal" : m.ruleId} ${m.message}`);
    const cli = expected("syntax-error", "bad").map((line) => line.replace(/^(\d+:\d+)-\d+:\d+ syntax-error Syntax error: /, "$1 fatal Parsing error: "));
    expect(cli.length).toBeGreaterThan(2);
    expect(parsingErrors).toEqual(cli);
  });

  it("good.sql: parses", () => {
    expect(lintFixture("syntax-error", "good").filter((m) => m.fatal)).toEqual([]);
  });
});
