// `rollsafe rollback` for a terminal: the plan (before anything runs), then the outcome. Progress
// lines of the steps go to stderr as they happen (the executor writes them).
import pc from "picocolors";
import { verdictWord } from "@rollsafe/core";
import { formatSeconds, type PlanStep, type RollbackPlan, type RollbackRun } from "@rollsafe/executor";
import { displayArgv } from "@rollsafe/executor";
import { PATH_TITLES, where } from "./report-model.js";

export function formatRollbackPlan(plan: RollbackPlan, options: { color: boolean; execute: boolean }): string {
  const c = pc.createColors(options.color);
  const { decision, score, correctives } = plan.assessment;
  const out: string[] = [];
  out.push(c.bold(`Rollback plan: ${plan.from.ref} (${plan.from.sha.slice(0, 12)}) -> ${plan.to.ref} (${plan.to.sha.slice(0, 12)})`));
  out.push(`  ${c.dim("target:")} ${plan.to.ref}, ${plan.toChosenBy === "--to" ? "given with --to" : plan.toChosenBy}`);
  out.push(`  ${c.dim("migrations:")} ${plan.dir === "." ? "." : `${plan.dir}/`}: ${plan.migrations.checked.length} added by ${plan.from.ref}${plan.migrations.checked.length > 0 ? ` (${plan.migrations.checked.join(", ")})` : ""}, ${plan.migrations.history} earlier`);
  out.push("");
  if (plan.targetRefused) {
    // The assessment of from's migrations says nothing about the target's: no path is shown as if it did.
    out.push(`${c.bold("Path:")} ${c.red(`none: the target ${plan.to.ref} was not assessed`)}`);
    out.push(`  ${c.dim("previous release runs on the new schema:")} ${verdictWord(plan.verdict)}`);
  } else {
    out.push(`${c.bold("Path:")} ${(plan.executable ? c.green : c.red)(PATH_TITLES[plan.path])}`);
    out.push(`  ${decision.reason}`);
    out.push(`  ${c.dim("previous release runs on the new schema:")} ${verdictWord(plan.verdict)}; ${c.dim("score:")} ${score.score}/100, grade ${score.grade}`);
  }
  for (const f of plan.findings.filter((f) => f.severity !== "note")) out.push(`  ${c.dim("finding:")} ${where(f)} ${f.severity} ${f.ruleId}${f.overridden ? c.yellow(` (overridden: ${f.overridden.reason})`) : ""}: ${f.message}`);
  for (const w of plan.warnings) out.push(`${c.yellow("warning:")} ${w}`);
  out.push("");
  if (!plan.executable) {
    out.push(`${c.red(c.bold("Refused:"))} ${plan.refusal}`);
    if (correctives.length > 0 && !plan.targetRefused) {
      out.push("");
      out.push(c.bold("Corrective forward migrations:"));
      for (const k of correctives) {
        out.push(`  ${k.finding.ruleId} at ${where(k.finding)}:`);
        if (k.sql) out.push(`    ${c.cyan(k.sql)}`);
        out.push(`    ${k.note}`);
      }
    }
    out.push("");
    out.push(c.bold(`Runbook for a human (${plan.targetRefused ? "target not assessed" : plan.runbook.path}):`));
    plan.runbook.steps.forEach((s, i) => {
      out.push(`  ${i + 1}. ${s.title}: ${s.detail}`);
      for (const argv of s.commands) out.push(`     $ ${displayArgv(argv)}`);
      for (const url of s.urls ?? []) out.push(`     check ${url}`);
    });
    return `${out.join("\n")}\n`;
  }
  out.push(c.bold("Steps:"));
  const all = [...plan.steps, ...plan.finally];
  if (all.length === 0) out.push("  (none configured: set rollback.deploy and the checks in rollsafe.config.json)");
  all.forEach((step, i) => out.push(`  ${i + 1}. ${describePlanStep(step)}${i >= plan.steps.length ? c.dim(" (runs at the end, whatever happened)") : ""}`));
  if (!options.execute) {
    out.push("");
    out.push(`Nothing was run: add ${c.bold("--execute")} to run these steps.`);
  }
  return `${out.join("\n")}\n`;
}

function describePlanStep(step: PlanStep): string {
  switch (step.type) {
    case "command":
      return `${step.name}: $ ${displayArgv(step.argv)}  (in ${step.cwd}; time limit ${formatSeconds(step.timeoutMs)}${step.input ? "; the audit record on stdin" : ""})`;
    case "http":
      return `${step.name}: GET ${step.url}, expect ${step.expectedStatus} (${formatSeconds(step.timeoutMs)} per request, ${step.retries} ${step.retries === 1 ? "retry" : "retries"} every ${formatSeconds(step.intervalMs)})`;
    case "error-rate":
      return `${step.name}: $ ${displayArgv(step.argv)} until it prints at most ${step.baseline} (a reading every ${formatSeconds(step.intervalMs)}, within ${formatSeconds(step.windowMs)})`;
    case "append":
      return `${step.name}: append the audit record to ${step.file}`;
  }
}

/** The outcome of an `--execute` run (or a refusal that happened after planning). */
export function formatRollbackOutcome(run: RollbackRun, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out: string[] = [""];
  const ran = run.steps.filter((s) => s.outcome !== "not-run" && s.kind !== "previous-release");
  const notRun = run.steps.filter((s) => s.outcome === "not-run");
  switch (run.outcome) {
    case "succeeded":
      out.push(c.green(c.bold(`Rolled back: ${run.reason}; ${ran.length} step(s) ok.`)));
      break;
    case "failed":
      out.push(c.red(c.bold(`Failed at step "${run.failure?.step}": ${run.failure?.detail}.`)));
      if (notRun.length > 0) out.push(`Not run: ${notRun.map((s) => s.name).join(", ")}.`);
      if (run.failure) out.push(`${c.bold("Next:")} ${run.failure.next}`);
      break;
    case "interrupted":
      out.push(c.yellow(c.bold(`Interrupted: ${run.reason}.`)));
      if (notRun.length > 0) out.push(`Not run: ${notRun.map((s) => s.name).join(", ")}.`);
      break;
    case "refused":
      if (run.plan?.executable) out.push(c.red(c.bold(`Refused: ${run.reason}`)));
      else return "";
      break;
    default:
      return "";
  }
  for (const w of run.warnings.filter((w) => !run.plan?.warnings.includes(w))) out.push(`${c.yellow("warning:")} ${w}`);
  out.push(c.dim(`Audit record appended to ${run.auditFile}`));
  return `${out.join("\n")}\n`;
}
