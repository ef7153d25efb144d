// `rollsafe rollback --format json`: the plan and, after --execute, what each step did (docs/rollback.md#json).
import type { RollbackRun } from "@rollsafe/executor";
import { findingJson } from "./json.js";

export const ROLLBACK_FORMAT_VERSION = 1;

export function formatRollbackJson(run: RollbackRun): string {
  const plan = run.plan;
  const doc = {
    version: ROLLBACK_FORMAT_VERSION,
    outcome: run.outcome,
    exitCode: run.exitCode,
    reason: run.reason ?? null,
    from: plan?.from ?? null,
    to: plan?.to ?? null,
    toChosenBy: plan?.toChosenBy ?? null,
    dir: plan?.dir ?? null,
    migrations: plan?.migrations ?? null,
    path: plan?.path ?? null,
    safe: plan?.executable ?? null,
    verdict: plan?.verdict ?? null,
    decision: plan ? plan.assessment.decision.reason : null,
    refusal: plan?.refusal ?? null,
    unassessed: plan?.targetRefused?.unassessed ?? [],
    score: plan?.assessment.score.score ?? null,
    grade: plan?.assessment.score.grade ?? null,
    findings: plan?.findings.map(findingJson) ?? [],
    corrective: plan?.assessment.correctives.map((c) => ({ ruleId: c.finding.ruleId, path: c.finding.path, line: c.finding.range.start.line, sql: c.sql ?? null, note: c.note })) ?? [],
    steps: run.steps,
    failure: run.failure ?? null,
    runbook: plan ? { path: plan.runbook.path, steps: plan.runbook.steps.map((s) => ({ title: s.title, detail: s.detail, commands: s.commands, urls: s.urls ?? [] })), note: plan.runbook.note } : null,
    warnings: run.warnings,
    auditFile: run.auditFile,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
