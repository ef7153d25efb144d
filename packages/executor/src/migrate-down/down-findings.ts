// What the down SQL does, by the same rules as everything else: linted against the schema replayed
// through the migration it reverts, inside one transaction (how migrate-down runs it). Its data-loss
// findings are the list of what the step destroys.
import { resolve } from "node:path";
import { lintMigrationSets, type Finding, type LintOptions } from "@rollsafe/core";
import { parseSqlText, type Migration, type MigrationSet } from "@rollsafe/parser";
import type { DownTarget } from "./down-target.js";
import { MigrateDownRefusal } from "./refusal.js";

export function downFindings(set: MigrationSet, target: DownTarget, options: Omit<LintOptions, "newPaths" | "cwd">, cwd: string): Finding[] {
  // The up migrations are history only; their paths are kept apart from the down's (dbmate keeps both in one file).
  const history = set.migrations.slice(0, target.index + 1).map((m): Migration => ({ path: `${m.path}#up`, name: m.name, text: m.text }));
  const down: Migration = { path: target.down.path, name: `${target.migration.name} (down)`, text: target.down.text, transaction: "per-migration" };
  const result = lintMigrationSets([{ root: set.root, kind: set.kind, migrations: [...history, down] }], { ...options, cwd, newPaths: new Set([resolve(cwd, down.path)]) });
  return result.findings;
}

/** The findings that destroy data: the list shown before the step runs and kept in the audit record. */
export function dataLossOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== "note" && f.categories.includes("data-loss"));
}

/**
 * A down migration that commits or begins on its own would break the one transaction the step runs
 * in; one PostgreSQL's grammar rejects would fail anyway, and is refused before anything runs.
 */
export function refuseUnrunnable(target: DownTarget): void {
  const file = parseSqlText(target.down.text);
  const issue = file.syntaxIssues[0];
  if (issue) throw new MigrateDownRefusal(`${target.down.path}:${issue.range.start.line}:${issue.range.start.column}: syntax error: ${issue.message}: nothing was run`);
  const control = file.statements.find((s) => s.kind === "TransactionStmt");
  if (control) {
    const { line, column } = control.range.start;
    throw new MigrateDownRefusal(`${target.down.path}:${line}:${column}: the down migration controls its own transaction (${control.text.trim().split(/\s+/)[0]}): migrate-down runs the step and the ${"schema_migrations"} update in one transaction, so it cannot run this file; run it by hand`);
  }
}
