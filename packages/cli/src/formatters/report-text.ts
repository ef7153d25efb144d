// `rollsafe report` for a terminal: the verdict, the score with every point lost, the corrective
// migrations, the runbook.
import pc from "picocolors";
import type { ReportRun } from "../commands/report/run.js";
import { verdictWord } from "@rollsafe/core";
import { PATH_TITLES, rollingUpdateLine, signedOff, signoffLine, unanalysedLines, verdictLine, where } from "./report-model.js";

export function formatReportText(run: ReportRun, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const { decision, score, correctives } = run.assessment;
  const tone = decision.verdict === true ? c.green : decision.verdict === false ? c.red : c.yellow;
  const out: string[] = [];
  out.push(c.bold(`Release ${run.from.ref}..${run.to.ref}`) + c.dim(` (${run.dir}: ${run.migrations.checked.length} new migration(s), ${run.migrations.history} earlier)`));
  out.push("");
  out.push(tone(c.bold(verdictLine(decision.verdict, decision.unanalysed))));
  for (const line of unanalysedLines(decision.unanalysed)) out.push(`  ${c.yellow(line)}`);
  out.push(`${c.bold("Path:")} ${tone(PATH_TITLES[decision.path])}`);
  out.push(`  ${decision.reason}`);
  for (const alt of decision.alternatives) out.push(`  ${c.dim("alternative:")} ${alt.path}: ${alt.reason}`);
  out.push(`  ${c.dim("evidence:")} ${run.assessment.evidence.map((e) => `${e.source} ${e.used ? "✔" : "✖ (not run)"}`).join(", ")}`);
  for (const e of run.assessment.evidence.filter((e) => e.used)) out.push(`  ${c.dim(`${e.source}:`)} ${e.detail}`);
  out.push(rollingUpdateLine(run.assessment.compatibility));
  out.push("");
  out.push(`${c.bold("Score:")} ${score.score}/100, grade ${score.grade}`);
  for (const d of score.deductions) out.push(`  ${c.red(`-${d.points}`.padStart(4))}  ${d.finding.ruleId} at ${where(d.finding)}: ${d.reason}`);
  if (run.findings.length > 0) {
    out.push("");
    out.push(c.bold("Findings:"));
    for (const f of run.findings) out.push(`  ${where(f)} ${f.severity} ${f.ruleId} [${f.categories.join(", ")}]${f.overridden ? c.yellow(` (overridden: ${f.overridden.reason}${signedOff(f.overridden.approvedBy)})`) : ""}\n    ${f.message}`);
    if (run.signoff) out.push(`  ${c.dim("sign-off:")} ${signoffLine(run.signoff)}`);
  }
  if (correctives.length > 0) {
    out.push("");
    out.push(c.bold("Corrective forward migrations:"));
    for (const k of correctives) {
      out.push(`  ${k.finding.ruleId} at ${where(k.finding)}:`);
      if (k.sql) out.push(`    ${c.cyan(k.sql)}`);
      out.push(`    ${k.note}`);
    }
  }
  if (run.timeline.length > 1 || run.perRelease) {
    out.push("");
    out.push(c.bold("Releases:"));
    for (const t of run.timeline) out.push(`  ${t.from}..${t.to}  ${String(t.score).padStart(3)} ${t.grade}  rollback safe: ${verdictWord(t.verdict).padEnd(7)}  ${t.path} (${t.migrations} migration(s))`);
  }
  if (run.span) {
    out.push(`${c.bold("Upgrade span:")} minimum previous version ${run.span.minPreviousVersion ?? "none"}; required stops: ${run.span.requiredStops.join(", ") || "none"}`);
    out.push(`  ${run.span.reason}`);
  }
  for (const p of run.problems) out.push(`${c.red("problem:")} ${p.path}: ${p.message}`);
  out.push("");
  out.push(c.bold(`Runbook (${run.runbook.path}):`));
  run.runbook.steps.forEach((s, i) => {
    out.push(`  ${i + 1}. ${s.title}: ${s.detail}`);
    for (const argv of s.commands) out.push(`     $ ${argv.map(shellQuote).join(" ")}`);
    for (const url of s.urls ?? []) out.push(`     check ${url}`);
  });
  return `${out.join("\n")}\n`;
}

/** For display only (commands run as argv arrays, never through a shell). */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./{}<>-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
