// `rollsafe report --format html`: one self-contained file (inline CSS, no script, no network) with
// the verdict, the score and its deductions, the findings, the corrective migrations, the runbook and
// a timeline of the releases in the range with their scores.
import { verdictWord, type Grade } from "@rollsafe/core";
import type { ReportRun } from "../commands/report/run.js";
import { PATH_TITLES, rollingUpdateLine, signedOff, signoffLine, unanalysedLines, verdictLine, where } from "./report-model.js";
import { shellQuote } from "./report-text.js";

const GRADE_COLORS: Record<Grade, string> = { A: "#1a7f37", B: "#4d9a2a", C: "#b08800", D: "#d1580f", F: "#cf222e" };

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#59636e}
.verdict{border-radius:8px;padding:16px;margin:16px 0;color:#fff}
.verdict.safe{background:#1a7f37}.verdict.unsafe{background:#cf222e}.verdict.unknown{background:#9a6700}
.verdict strong{font-size:18px;display:block}
.score{display:flex;align-items:center;gap:16px;margin:12px 0}
.grade{font-size:40px;font-weight:700;width:64px;height:64px;border-radius:50%;color:#fff;display:flex;align-items:center;justify-content:center}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eaeef2}
td.num{text-align:right;white-space:nowrap}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px;overflow-x:auto;white-space:pre-wrap}
.overridden{color:#9a6700}
.bar{height:14px;border-radius:3px;display:inline-block;vertical-align:middle}
ol li{margin-bottom:6px}
`;

export function formatReportHtml(run: ReportRun): string {
  const { decision, score, correctives } = run.assessment;
  const tone = decision.verdict === true ? "safe" : decision.verdict === false ? "unsafe" : "unknown";
  const parts: string[] = [];
  parts.push(`<h1>Rollback report: <code>${esc(run.from.ref)}..${esc(run.to.ref)}</code></h1>`);
  parts.push(`<p class="meta">${esc(run.from.sha.slice(0, 12))}..${esc(run.to.sha.slice(0, 12))} · ${run.migrations.checked.length} new migration(s) in <code>${esc(run.dir)}</code>, ${run.migrations.history} earlier</p>`);
  const gaps = unanalysedLines(decision.unanalysed).map((l) => `<li><code>${esc(l)}</code></li>`).join("");
  parts.push(`<section class="verdict ${tone}"><strong>${esc(verdictLine(decision.verdict, decision.unanalysed))}</strong>${gaps ? `<ul>${gaps}</ul>` : ""}<strong>${esc(PATH_TITLES[decision.path])}</strong>${esc(decision.reason)}</section>`);
  parts.push(`<p>${esc(rollingUpdateLine(run.assessment.compatibility))}</p>`);
  parts.push(`<p class="evidence">Evidence: ${run.assessment.evidence.map((e) => `${e.used ? "✔" : "✖"} ${esc(e.source)}${e.used ? ` (${esc(e.detail)})` : " (not run)"}`).join(" · ")}</p>`);
  if (decision.alternatives.length > 0) parts.push(`<ul>${decision.alternatives.map((a) => `<li><strong>${esc(a.path)}</strong>: ${esc(a.reason)}</li>`).join("")}</ul>`);
  parts.push(`<div class="score"><div class="grade" style="background:${GRADE_COLORS[score.grade]}">${score.grade}</div><div><strong>${score.score}/100</strong><br><span class="meta">${score.lost} point(s) lost</span></div></div>`);
  if (score.deductions.length > 0) {
    parts.push(`<h2>Deductions</h2>`);
    parts.push(table(["points", "finding", "where", "why"], score.deductions.map((d) => [`<td class="num">−${d.points}</td>`, `<td><code>${esc(d.finding.ruleId)}</code></td>`, `<td><code>${esc(where(d.finding))}</code></td>`, `<td>${esc(d.reason)}</td>`])));
  }
  if (run.findings.length > 0) {
    parts.push(`<h2>Findings</h2>`);
    parts.push(
      table(
        ["where", "rule", "severity", "message"],
        run.findings.map((f) => [
          `<td><code>${esc(where(f))}</code></td>`,
          `<td><code>${esc(f.ruleId)}</code><br><span class="meta">${esc(f.categories.join(", "))}</span></td>`,
          `<td>${esc(f.severity)}</td>`,
          `<td>${esc(f.message)}${f.overridden ? `<br><span class="overridden">overridden: ${esc(f.overridden.reason)}${esc(signedOff(f.overridden.approvedBy))}</span>` : ""}</td>`,
        ]),
      ),
    );
    if (run.signoff) parts.push(`<p class="meta">Sign-off: ${esc(signoffLine(run.signoff))}</p>`);
  }
  if (correctives.length > 0) {
    parts.push(`<h2>Corrective forward migrations</h2>`);
    for (const k of correctives) parts.push(`<p><code>${esc(k.finding.ruleId)}</code> at <code>${esc(where(k.finding))}</code>: ${esc(k.note)}</p>${k.sql ? `<pre>${esc(k.sql)}</pre>` : ""}`);
  }
  if (run.problems.length > 0) parts.push(`<h2>Problems</h2><ul>${run.problems.map((p) => `<li><code>${esc(p.path)}</code>: ${esc(p.message)}</li>`).join("")}</ul>`);
  parts.push(`<h2>Releases</h2>`);
  parts.push(
    table(
      ["release", "migrations", "rollback safe", "path", "score"],
      run.timeline.map((t) => [
        `<td><code>${esc(t.from)}..${esc(t.to)}</code></td>`,
        `<td class="num">${t.migrations}</td>`,
        `<td>${esc(verdictWord(t.verdict))}</td>`,
        `<td>${esc(t.path)}</td>`,
        `<td><span class="bar" style="width:${Math.max(2, t.score * 2)}px;background:${GRADE_COLORS[t.grade]}"></span> ${t.score} (${t.grade})</td>`,
      ]),
    ),
  );
  if (run.span) parts.push(`<p><strong>Upgrade span:</strong> minimum previous version <code>${esc(run.span.minPreviousVersion ?? "none")}</code>; required stops: ${esc(run.span.requiredStops.join(", ") || "none")}. ${esc(run.span.reason)}</p>`);
  parts.push(`<h2>Runbook: ${esc(run.runbook.path)}</h2>`);
  parts.push(
    `<ol>${run.runbook.steps
      .map((s) => {
        const commands = s.commands.map((argv) => `<pre>$ ${esc(argv.map(shellQuote).join(" "))}</pre>`).join("");
        const urls = (s.urls ?? []).map((u) => `<br>check <code>${esc(u)}</code>`).join("");
        return `<li><strong>${esc(s.title)}</strong>: ${esc(s.detail)}${urls}${commands}</li>`;
      })
      .join("")}</ol>`,
  );
  const title = `rollsafe report ${run.from.ref}..${run.to.ref}`;
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>${esc(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n${parts.join("\n")}\n</main>\n</body>\n</html>\n`;
}

function table(headers: string[], rows: string[][]): string {
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join("")}</tr>`).join("")}</tbody></table>`;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
