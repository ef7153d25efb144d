// The rollback decision and the score: pure functions of the findings.
import { describe, expect, it } from "vitest";
import { buildRunbook, decideRollbackPath, gradeOf, scoreFindings, type Category, type Finding, type Severity } from "../src/index.js";

function finding(ruleId: string, categories: Category[], severity: Severity = "error", overridden?: string): Finding {
  const range = { start: { line: 3, column: 1, offset: 40 }, end: { line: 3, column: 20, offset: 59 } } as Finding["range"];
  return { ruleId, category: categories[0]!, categories, severity, message: "m", path: "migrations/002.sql", range, ...(overridden ? { overridden: { reason: overridden } } : {}) };
}

const DROP = finding("dropping-column", ["breaking", "data-loss"]);
const RENAME = finding("renaming-column", ["breaking"]);
const TRUNCATE = finding("truncate", ["data-loss"]);
const INDEX = finding("require-concurrent-index-creation", ["locking"]);

describe("decideRollbackPath", () => {
  it("no migration: service rollback", () => {
    expect(decideRollbackPath({ checkedMigrations: 0, findings: [], downAvailable: false })).toMatchObject({ path: "service-rollback", deciding: [], alternatives: [] });
  });

  it("migrations without a breaking finding: schema-compatible rollback, whatever else they hold", () => {
    const d = decideRollbackPath({ checkedMigrations: 2, findings: [INDEX, finding("prefer-bigint", ["hygiene"], "warn")], downAvailable: true });
    expect(d.path).toBe("schema-compatible-rollback");
    expect(d.reason).toContain("2 migrations");
    expect(d.alternatives).toEqual([]);
  });

  it("a breaking finding, overridden or not: roll forward, naming the finding", () => {
    for (const f of [RENAME, finding("renaming-column", ["breaking"], "error", "planned")]) {
      const d = decideRollbackPath({ checkedMigrations: 1, findings: [f, INDEX], downAvailable: false });
      expect(d.path).toBe("roll-forward");
      expect(d.deciding).toEqual([f]);
      expect(d.reason).toMatch(/^Finding renaming-column( \(overridden\))? at migrations\/002\.sql:3 breaks the previous release/);
    }
  });

  it("a note never decides", () => {
    expect(decideRollbackPath({ checkedMigrations: 1, findings: [finding("renaming-column", ["breaking"], "note")], downAvailable: false }).path).toBe("schema-compatible-rollback");
  });

  it("down migrations are the last resort after rolling forward", () => {
    const d = decideRollbackPath({ checkedMigrations: 1, findings: [RENAME], downAvailable: true });
    expect(d.path).toBe("roll-forward");
    expect(d.alternatives.map((a) => a.path)).toEqual(["migration-down"]);
  });

  it("a drop is rolled forward; restoring its data is the alternative", () => {
    const d = decideRollbackPath({ checkedMigrations: 1, findings: [DROP], downAvailable: true });
    expect(d.path).toBe("roll-forward");
    expect(d.reason).toContain("it also destroys data");
    expect(d.alternatives.map((a) => a.path)).toEqual(["disaster-recovery", "migration-down"]);
  });

  it("a data-loss finding wins over everything: disaster recovery", () => {
    const d = decideRollbackPath({ checkedMigrations: 2, findings: [RENAME, TRUNCATE], downAvailable: true });
    expect(d.path).toBe("disaster-recovery");
    expect(d.deciding).toEqual([TRUNCATE]);
    expect(d.reason).toMatch(/^Finding truncate at migrations\/002\.sql:3 destroys data/);
    expect(d.alternatives.map((a) => a.path)).toEqual(["roll-forward", "migration-down"]);
  });
});

describe("scoreFindings", () => {
  it("costs each finding the weight of its heaviest category, listed next to it", () => {
    const s = scoreFindings([DROP, RENAME, INDEX, finding("concurrently-in-transaction", ["integrity"]), finding("require-lock-timeout", ["locking"], "warn"), finding("x", ["breaking"], "note")]);
    expect(s.deductions.map((d) => [d.finding.ruleId, d.points, d.reason])).toEqual([
      ["dropping-column", 30, "data-loss error"],
      ["renaming-column", 25, "breaking error"],
      ["require-concurrent-index-creation", 10, "locking error"],
      ["concurrently-in-transaction", 15, "integrity error"],
      ["require-lock-timeout", 3, "locking warning"],
    ]);
    expect(s).toMatchObject({ lost: 83, score: 17, grade: "F" });
  });

  it("an overridden break still costs 10, with the override's reason", () => {
    const s = scoreFindings([finding("renaming-column", ["breaking"], "error", "column unused since v2")]);
    expect(s.deductions[0]).toMatchObject({ points: 10, reason: "overridden breaking error, still counted (reason: column unused since v2)" });
    expect(s).toMatchObject({ score: 90, grade: "A" });
  });

  it("never goes below 0", () => {
    expect(scoreFindings([TRUNCATE, TRUNCATE, TRUNCATE, TRUNCATE])).toMatchObject({ score: 0, lost: 120, grade: "F" });
  });

  it("grade bands: A >= 90, B >= 75, C >= 60, D >= 40, F below", () => {
    expect([100, 90, 89, 75, 74, 60, 59, 40, 39, 0].map(gradeOf)).toEqual(["A", "A", "B", "B", "C", "C", "D", "D", "F", "F"]);
  });
});

describe("buildRunbook", () => {
  const from = { ref: "v1.4.0", sha: "a".repeat(40) };
  const to = { ref: "v1.5.0", sha: "b".repeat(40) };

  it("fills the configured argv arrays, {ref} and {sha} replaced, for a service rollback", () => {
    const r = buildRunbook({ path: "service-rollback", from, to, failureClass: "code only", rollback: { deploy: ["deploy", "{ref}", "{sha}"], caches: [["purge", "{ref}"]] } });
    expect(r.steps[0]).toMatchObject({ title: "Redeploy v1.4.0", commands: [["deploy", "v1.4.0", "a".repeat(40)]] });
    expect(r.steps.map((s) => s.title)).toEqual(["Redeploy v1.4.0", "Verify health checks", "Smoke test", "Watch the error rate", "Invalidate caches", "Post the note"]);
    expect(r.note).toBe("Rollback of v1.5.0 (bbbbbbbbbbbb) to v1.4.0 (aaaaaaaaaaaa): path service-rollback; failure class: code only.");
  });

  it("never redeploys the previous code on disaster recovery", () => {
    const r = buildRunbook({ path: "disaster-recovery", from, to, failureClass: "data loss (truncate)", rollback: { deploy: ["deploy", "{ref}"] } });
    expect(r.steps.flatMap((s) => s.commands)).not.toContainEqual(["deploy", "v1.4.0"]);
    expect(r.steps[0]!.title).toBe("Stop the damage");
  });
});
