// Markdown for a pull-request comment or a GitHub job summary: the verdict first, a table by category,
// then the findings grouped by file in <details> blocks, each with its safer alternative. Capped below
// GitHub's 65,536-character limit for a comment, with a note saying how many findings were left out.
import { CATEGORIES, type Category, type Finding } from "@rollsafe/core";
import { lintFailed, type LintRun } from "../commands/lint.js";
import { describeApproval } from "./approval.js";
import { plural, shown, summaryCounts, type TextOptions } from "./text.js";

/**
 * The longest document written, in UTF-16 code units (never fewer than GitHub's characters). It leaves
 * room below GitHub's 65,536 for text a workflow adds around the report.
 */
export const MARKDOWN_MAX_LENGTH = 60_000;

/** The first line: a workflow finds the comment it wrote earlier by it, to update it. */
export const MARKDOWN_MARKER = "<!-- rollsafe -->";

export interface MarkdownOptions extends Pick<TextOptions, "quiet" | "verbose"> {
  maxLength?: number;
}

const MEANING: Record<Category, string> = {
  breaking: "the previous release fails on the new schema",
  locking: "blocks reads or writes while it runs",
  "data-loss": "loses data",
  integrity: "cannot run as written",
  hygiene: "conventions (strict preset)",
  analysis: "rollsafe's own checks of the input",
};

export function formatMarkdown(run: LintRun, options: MarkdownOptions): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  const head = [MARKDOWN_MARKER, `### ${verdict(run)}`, summaryCounts(run)];
  const table = categoryTable(run.findings);
  if (table) head.push(table);
  const problems = run.problems.filter((p) => !options.quiet || p.severity === "error");
  if (problems.length > 0) head.push(problems.map((p) => `- ${p.severity === "error" ? "❌" : "⚠️"} <code>${escapeHtml(p.path)}</code>: ${escapeInline(p.message)}`).join("\n"));
  const headText = head.map((block) => `${block}\n\n`).join("");

  // Each file's findings, in migration order; a finding is shown only if it fits (see `choose`).
  const candidates = run.findings.filter((f) => shown(f, options));
  const files = groupByFile(run.findings);
  const chunks = new Map(candidates.map((f) => [f, findingMarkdown(f)]));
  const wrappers = new Map([...files].map(([path, all]) => [path, fileWrapper(path, all)]));
  const chosen = choose(candidates, chunks, wrappers, maxLength - headText.length);

  let body = "";
  for (const [path, all] of files) {
    const picked = all.filter((f) => chosen.has(f));
    if (picked.length === 0) continue;
    const wrapper = wrappers.get(path)!;
    body += wrapper.open + picked.map((f) => chunks.get(f)!).join("") + wrapper.close;
  }
  const hidden = candidates.filter((f) => !chosen.has(f));
  return headText + body + (hidden.length > 0 ? truncationNote(hidden) : "");
}

function verdict(run: LintRun): string {
  const s = run.summary;
  if (!lintFailed(run)) return "✅ rollsafe: no finding fails the check";
  const failing: string[] = [];
  if (s.errors > 0) {
    const breaking = run.findings.filter((f) => !f.overridden && !f.baselined && f.severity === "error" && f.categories.includes("breaking")).length;
    const errors = `${plural(s.errors, "error")}${breaking === s.errors ? ` that break${s.errors === 1 ? "s" : ""} the previous release` : breaking > 0 ? ` (${breaking} break${breaking === 1 ? "s" : ""} the previous release)` : ""}`;
    failing.push(errors);
  }
  if (s.problems > 0) failing.push(plural(s.problems, "unreadable input"));
  if (run.failOn === "warning" && s.warnings > 0) failing.push(plural(s.warnings, "warning"));
  return `❌ rollsafe: ${failing.join(" and ")} fail${s.errors + s.problems + (run.failOn === "warning" ? s.warnings : 0) === 1 ? "s" : ""} the check`;
}

function categoryTable(findings: readonly Finding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const rows = CATEGORIES.flatMap((category) => {
    const of = findings.filter((f) => f.category === category);
    if (of.length === 0) return [];
    const c = counts(of);
    return [`| ${category} | ${MEANING[category]} | ${c.errors} | ${c.warnings} | ${c.notes} | ${c.overridden} |`];
  });
  return ["| category | what it means | errors | warnings | notes | overridden |", "| --- | --- | ---: | ---: | ---: | ---: |", ...rows].join("\n");
}

function counts(findings: readonly Finding[]) {
  const c = { errors: 0, warnings: 0, notes: 0, overridden: 0 };
  for (const f of findings) {
    // Baselined findings are counted with the overridden ones: allowed, and still listed.
    if (f.overridden || f.baselined) c.overridden++;
    else if (f.severity === "error") c.errors++;
    else if (f.severity === "warn") c.warnings++;
    else c.notes++;
  }
  return c;
}

function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const files = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = files.get(f.path);
    if (list) list.push(f);
    else files.set(f.path, [f]);
  }
  return files;
}

function fileWrapper(path: string, findings: readonly Finding[]): { open: string; close: string } {
  const c = counts(findings);
  const parts = [c.errors > 0 ? plural(c.errors, "error") : "", c.warnings > 0 ? plural(c.warnings, "warning") : "", c.notes > 0 ? plural(c.notes, "note") : "", c.overridden > 0 ? `${c.overridden} overridden` : ""].filter(Boolean);
  return { open: `<details${c.errors > 0 ? " open" : ""}>\n<summary><code>${escapeHtml(path)}</code>: ${parts.join(", ")}</summary>\n\n`, close: "</details>\n\n" };
}

const LABEL = { error: "❌ error", warn: "⚠️ warning", note: "ℹ️ note" } as const;

function findingMarkdown(f: Finding): string {
  const rule = f.docsUrl ? `[\`${f.ruleId}\`](${f.docsUrl})` : `\`${f.ruleId}\``;
  const label = f.overridden || f.baselined ? `☑️ ${f.overridden ? "overridden" : "baselined"} ${f.severity === "warn" ? "warning" : f.severity}` : LABEL[f.severity];
  const blocks = [`**${label}** · line ${f.range.start.line} · ${rule}`, escapeInline(f.message)];
  if (f.overridden) {
    blocks.push(`**Override reason:** ${escapeInline(f.overridden.reason)}`);
    if (f.overridden.approvedBy) blocks.push(`**Signed off by:** ${escapeInline(describeApproval(f.overridden.approvedBy))}`);
  } else if (f.baselined) blocks.push("Listed in the baseline file.");
  else if (f.saferAlternative) blocks.push("**Safer alternative:**", codeBlock(f.saferAlternative));
  return blocks.map((b) => `${b}\n\n`).join("");
}

/**
 * The findings shown: as many as fit in `budget`, most important first (failing errors, warnings,
 * notes, then overridden findings), so a cut never hides an error behind a warning.
 */
function choose(candidates: readonly Finding[], chunks: Map<Finding, string>, wrappers: Map<string, { open: string; close: string }>, budget: number): Set<Finding> {
  const wrapperLength = (path: string) => {
    const w = wrappers.get(path)!;
    return w.open.length + w.close.length;
  };
  const all = new Set(candidates);
  const total = [...new Set(candidates.map((f) => f.path))].reduce((n, path) => n + wrapperLength(path), 0) + candidates.reduce((n, f) => n + chunks.get(f)!.length, 0);
  if (total <= budget) return all;
  const rank = (f: Finding) => (f.overridden || f.baselined ? 3 : f.severity === "error" ? 0 : f.severity === "warn" ? 1 : 2);
  const ordered = [...candidates].sort((a, b) => rank(a) - rank(b));
  const chosen = new Set<Finding>();
  const opened = new Set<string>();
  let used = truncationNote(candidates).length; // about the longest note (the 5.5k slack under GitHub's limit covers the rest)
  for (const f of ordered) {
    const cost = chunks.get(f)!.length + (opened.has(f.path) ? 0 : wrapperLength(f.path));
    if (used + cost > budget) break;
    used += cost;
    chosen.add(f);
    opened.add(f.path);
  }
  return chosen;
}

/** How many findings the cut left out, and in which files (the first 30 named: the slack under GitHub's limit holds them). */
function truncationNote(hidden: readonly Finding[]): string {
  const files = [...new Set(hidden.map((f) => f.path))];
  const named = files.slice(0, 30).map((path) => `<code>${escapeHtml(path)}</code>`).join(", ") + (files.length > 30 ? ` and ${files.length - 30} more` : "");
  return `**… ${hidden.length} more ${hidden.length === 1 ? "finding" : "findings"} not shown**, in ${named}; run \`rollsafe lint\` locally or see the SARIF/JSON output.\n`;
}

/** A fenced SQL block whose fence is longer than any run of backticks in the text. */
function codeBlock(sql: string): string {
  const longest = Math.max(0, ...(sql.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}sql\n${sql}\n${fence}`;
}

/** Text shown as is in a Markdown paragraph: no emphasis, links, HTML or table cells from the input. */
function escapeInline(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/[\\`*_[\]<>|~&#]/g, (c) => `\\${c}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
