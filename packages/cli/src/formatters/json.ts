// The stable JSON format (docs/json-format.md). Bump JSON_FORMAT_VERSION on any breaking change.
import type { Finding } from "@rollsafe/core";
import type { LintRun } from "../commands/lint.js";
import { approvalJson } from "./approval.js";

export const JSON_FORMAT_VERSION = 1;

/** A finding as the JSON formats write it (lint's and report's). */
export function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    category: f.category,
    categories: f.categories,
    severity: f.severity,
    message: f.message,
    path: f.path,
    line: f.range.start.line,
    column: f.range.start.column,
    endLine: f.range.end.line,
    endColumn: f.range.end.column,
    saferAlternative: f.saferAlternative ?? null,
    fix: f.fix ? { title: f.fix.title } : null,
    docsUrl: f.docsUrl ?? null,
    // approvedBy: only when overrides.signoff was checked (docs/json-format.md).
    overridden: f.overridden ? { reason: f.overridden.reason, ...(f.overridden.approvedBy !== undefined ? { approvedBy: f.overridden.approvedBy ? approvalJson(f.overridden.approvedBy) : null } : {}) } : null,
  };
}

export function formatJson(run: LintRun): string {
  const output = {
    version: JSON_FORMAT_VERSION,
    files: run.files.map((f) => ({ path: f.path, statements: f.statements, checked: f.checked })),
    findings: run.findings.map((f) => ({ ...findingJson(f), ...(run.baseline ? { baselined: !!f.baselined } : {}) })),
    problems: run.problems.map((p) => ({ path: p.path, message: p.message, severity: p.severity === "warning" ? "warn" : "error" })),
    summary: {
      errors: run.summary.errors,
      warnings: run.summary.warnings,
      notes: run.summary.notes,
      overridden: run.summary.overridden,
      problems: run.summary.problems,
      ...(run.baseline ? { baselined: run.summary.baselined, staleBaselineEntries: run.baseline.stale } : {}),
    },
    ...(run.signoff ? { signoff: run.signoff } : {}),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
