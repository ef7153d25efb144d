// `rollsafe report --format markdown`: for a release page, an incident ticket or a PR comment.
import type { ReportRun } from "../commands/report/run.js";
import { unanalysedAt, verdictWord } from "@rollsafe/core";
import { PATH_TITLES, rollingUpdateLine, signedOff, signoffLine, verdictLine, where } from "./report-model.js";
import { shellQuote } from "./report-text.js";

export function formatReportMarkdown(run: ReportRun): string {
  const { decision, score, correctives } = run.assessment;
  const mark = decision.verdict === true ? "✅" : decision.verdict === false ? "⛔" : "❓";
  const out: string[] = [];
  out.push(`## Rollback report: \`${cell(run.from.ref)}..${cell(run.to.ref)}\``);
  out.push(`${mark} **${verdictLine(decision.verdict, decision.unanalysed)}**${decision.unanalysed.map((u) => `\n- \`${cell(unanalysedAt(u))}\`: not analysed: ${cell(u.why)}`).join("")}`);
  out.push(`**${PATH_TITLES[decision.path]}**\n\n${decision.reason}`);
  if (decision.alternatives.length > 0) out.push(decision.alternatives.map((a) => `- alternative **${a.path}**: ${a.reason}`).join("\n"));
  out.push(`Evidence: ${run.assessment.evidence.map((e) => `${e.used ? "✔" : "✖"} ${e.source}`).join(" · ")}${run.assessment.evidence.filter((e) => e.used).map((e) => `\n\n${cell(e.detail)}`).join("")}`);
  out.push(rollingUpdateLine(run.assessment.compatibility));
  out.push(`**Score: ${score.score}/100 (grade ${score.grade})** · ${run.migrations.checked.length} new migration(s) in \`${cell(run.dir)}\`, ${run.migrations.history} earlier`);
  if (score.deductions.length > 0) {
    out.push(["| points | finding | where | why |", "| ---: | --- | --- | --- |", ...score.deductions.map((d) => `| −${d.points} | \`${d.finding.ruleId}\` | \`${cell(where(d.finding))}\` | ${cell(d.reason)} |`)].join("\n"));
  }
  if (run.findings.length > 0) {
    out.push("### Findings");
    out.push(run.findings.map((f) => `- \`${cell(where(f))}\` **${f.severity}** \`${f.ruleId}\` (${f.categories.join(", ")})${f.overridden ? ` — overridden: ${cell(f.overridden.reason)}${cell(signedOff(f.overridden.approvedBy))}` : ""}: ${cell(f.message)}`).join("\n"));
    if (run.signoff) out.push(`Sign-off: ${cell(signoffLine(run.signoff))}`);
  }
  if (correctives.length > 0) {
    out.push("### Corrective forward migrations");
    for (const k of correctives) out.push(`\`${k.finding.ruleId}\` at \`${cell(where(k.finding))}\`: ${cell(k.note)}${k.sql ? `\n\n\`\`\`sql\n${k.sql}\n\`\`\`` : ""}`);
  }
  if (run.timeline.length > 1 || run.perRelease) {
    out.push("### Releases");
    out.push(["| release | migrations | rollback safe | path | score |", "| --- | ---: | --- | --- | ---: |", ...run.timeline.map((t) => `| \`${cell(t.from)}..${cell(t.to)}\` | ${t.migrations} | ${verdictWord(t.verdict)} | ${t.path} | ${t.score} (${t.grade}) |`)].join("\n"));
  }
  if (run.span) out.push(`**Upgrade span:** minimum previous version ${run.span.minPreviousVersion ? `\`${cell(run.span.minPreviousVersion)}\`` : "none"}; required stops: ${run.span.requiredStops.map((s) => `\`${cell(s)}\``).join(", ") || "none"}\n\n${cell(run.span.reason)}`);
  if (run.problems.length > 0) out.push(run.problems.map((p) => `- ❌ \`${cell(p.path)}\`: ${cell(p.message)}`).join("\n"));
  out.push(`### Runbook: ${run.runbook.path}`);
  out.push(
    run.runbook.steps
      .map((s, i) => {
        const lines = [`${i + 1}. **${cell(s.title)}**: ${cell(s.detail)}`];
        for (const argv of s.commands) lines.push(`   \`${cell(argv.map(shellQuote).join(" "))}\``);
        for (const url of s.urls ?? []) lines.push(`   check <${url}>`);
        return lines.join("\n");
      })
      .join("\n"),
  );
  return `${out.join("\n\n")}\n`;
}

/** Text inside a table cell or inline code: no pipes or line breaks that would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ").replace(/`/g, "'");
}
