// Verdicts that changed between PostgreSQL releases, one version on each side of every boundary,
// through the real engine (fixture convention: fixtures/rules/README.md).
import { resolve } from "node:path";
import { lintMigrationSets, parsePostgresVersion, validateConfig, type Finding } from "@rollsafe/core";
import { loadParser } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, lintFixtureText, splitFixture } from "./support/rule-fixtures.js";

beforeAll(() => loadParser());

const HISTORY = `-- rollsafe-fixture: history
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE INDEX users_email_idx ON users (email);
CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- rollsafe-fixture: change
`;

/** The messages of one rule for a change, at a PostgreSQL version. */
function messages(ruleId: string, change: string, postgresVersion: number): string[] {
  return lintFixtureText(HISTORY + change, { postgresVersion })
    .filter((f) => f.ruleId === ruleId && !f.overridden)
    .map((f) => f.message);
}

/** Same, with a minor release (lintFixtureText takes a major only). */
function messagesAtMinor(ruleId: string, change: string, postgresVersion: number, postgresMinor: number | undefined): string[] {
  const path = "change.sql";
  const { history, change: changeText } = splitFixture(HISTORY + change);
  const result = lintMigrationSets(
    [{ root: path, kind: "plain", migrations: [{ path: `${path}#history`, name: "history", text: history! }, { path, name: "change", text: changeText }] }],
    { rules: ALL_RULES, postgresVersion, ...(postgresMinor !== undefined ? { postgresMinor } : {}), preset: "strict", locks: statementLocks, cwd: REPO_ROOT, newPaths: new Set([resolve(REPO_ROOT, path)]) },
  );
  return result.findings.filter((f: Finding) => f.ruleId === ruleId).map((f) => f.message);
}

describe("ADD COLUMN with a constant default: instant since 11", () => {
  const change = "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';\n";
  it("10: rewrites the table", () => {
    expect(messages("table-rewrite", change, 10)).toEqual([expect.stringContaining("PostgreSQL 10 writes it into every row (instant only from 11)")]);
  });
  it("11: instant", () => {
    expect(messages("table-rewrite", change, 11)).toEqual([]);
  });
  it("a volatile default rewrites on every version", () => {
    const volatile = "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\n";
    expect(messages("table-rewrite", volatile, 10)).toHaveLength(1);
    expect(messages("table-rewrite", volatile, 18)).toHaveLength(1);
  });
  it("DEFAULT NULL is instant on every version", () => {
    expect(messages("table-rewrite", "ALTER TABLE users ADD COLUMN note text DEFAULT NULL;\n", 10)).toEqual([]);
  });
});

describe("SET NOT NULL after a validated CHECK (col IS NOT NULL): no scan since 12", () => {
  const change = [
    "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;",
    "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;",
    "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
    "",
  ].join("\n");
  it("11: scans anyway", () => {
    expect(messages("setting-not-null-scan", change, 11)).toEqual([expect.stringContaining("PostgreSQL 11 scans even when a validated CHECK proves the column non-null")]);
  });
  it("12: the CHECK proves it, no scan", () => {
    expect(messages("setting-not-null-scan", change, 12)).toEqual([]);
  });
  it("12 without the CHECK: scans", () => {
    expect(messages("setting-not-null-scan", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n", 12)).toEqual([expect.stringContaining("scans every row for NULLs")]);
  });
});

describe("REINDEX CONCURRENTLY: since 12", () => {
  it("11: no concurrent form; the alternative swaps in a replacement index", () => {
    const findings = lintFixtureText(`${HISTORY}REINDEX INDEX users_email_idx;\n`, { postgresVersion: 11 }).filter((f) => f.ruleId === "require-concurrent-reindex");
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("PostgreSQL 11 has no concurrent form (REINDEX CONCURRENTLY arrived in 12)")]);
    expect(findings[0]?.saferAlternative).toContain('CREATE INDEX CONCURRENTLY "users_email_idx_new" ON "users" ("email");');
    expect(findings[0]?.saferAlternative).not.toContain("REINDEX");
  });
  it("12: use REINDEX CONCURRENTLY", () => {
    const findings = lintFixtureText(`${HISTORY}REINDEX INDEX users_email_idx;\n`, { postgresVersion: 12 }).filter((f) => f.ruleId === "require-concurrent-reindex");
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("Use REINDEX INDEX CONCURRENTLY")]);
    expect(findings[0]?.saferAlternative).toContain('REINDEX INDEX CONCURRENTLY "users_email_idx";');
  });
});

describe("DETACH PARTITION CONCURRENTLY: since 14", () => {
  const change = "ALTER TABLE events DETACH PARTITION events_2024;\n";
  it("13: nothing better to suggest", () => {
    expect(messages("require-concurrent-detach-partition", change, 13)).toEqual([]);
  });
  it("14: use DETACH PARTITION ... CONCURRENTLY", () => {
    expect(messages("require-concurrent-detach-partition", change, 14)).toEqual([expect.stringContaining("DETACH PARTITION ... CONCURRENTLY")]);
  });
});

describe("CREATE INDEX / REINDEX CONCURRENTLY corruption bug of 14.0-14.3", () => {
  const create = "CREATE INDEX CONCURRENTLY users_id_email_idx ON users (id, email);\n";
  const reindex = "REINDEX INDEX CONCURRENTLY users_email_idx;\n";
  it("14.3: reported", () => {
    expect(messagesAtMinor("require-concurrent-index-creation", create, 14, 3)).toEqual([expect.stringContaining("PostgreSQL 14.3 can build a corrupt index")]);
    expect(messagesAtMinor("require-concurrent-reindex", reindex, 14, 3)).toEqual([expect.stringContaining("CONCURRENTLY on PostgreSQL 14.3 can produce a corrupt index")]);
  });
  it("14.4: fixed", () => {
    expect(messagesAtMinor("require-concurrent-index-creation", create, 14, 4)).toEqual([]);
    expect(messagesAtMinor("require-concurrent-reindex", reindex, 14, 4)).toEqual([]);
  });
  it("14 without a minor: the latest minor is assumed; 13.x and 15.0 are unaffected", () => {
    expect(messagesAtMinor("require-concurrent-index-creation", create, 14, undefined)).toEqual([]);
    expect(messagesAtMinor("require-concurrent-index-creation", create, 13, 0)).toEqual([]);
    expect(messagesAtMinor("require-concurrent-index-creation", create, 15, 0)).toEqual([]);
  });
});

describe("postgres.version in the configuration", () => {
  it("accepts an integer or a major.minor string", () => {
    expect(parsePostgresVersion(15)).toEqual({ major: 15 });
    expect(parsePostgresVersion("14.2")).toEqual({ major: 14, minor: 2 });
    expect(validateConfig({ postgres: { version: "14.2" } }, "rollsafe.config.json", new Set())).toEqual({ postgres: { version: "14.2" } });
    expect(validateConfig({ postgres: { version: 10 } }, "rollsafe.config.json", new Set())).toEqual({ postgres: { version: 10 } });
  });
  it.each([9, 19, 14.5, "14", "9.6", "14.x", "v14.2", ""])("rejects %j", (version) => {
    expect(() => validateConfig({ postgres: { version } }, "rollsafe.config.json", new Set())).toThrow(/postgres\.version: expected an integer 10–18, or a "major\.minor" string/);
  });
});
