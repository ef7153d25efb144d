// Human output: `path:line:column`, severity, rule, message, the statement, the safer alternative.
import { SourceText } from "@rollsafe/parser";
import type { Finding } from "@rollsafe/core";
import pc from "picocolors";
import { lintFailed, type LintRun } from "../commands/lint.js";
import { describeApproval } from "./approval.js";
import { codeFrame } from "./code-frame.js";

export interface TextOptions {
  color: boolean;
  /** Only errors (and the summary). */
  quiet: boolean;
  /** Also notes (statements rollsafe could not model). */
  verbose: boolean;
}

export function formatText(run: LintRun, options: TextOptions): string {
  const c = pc.createColors(options.color);
  const texts = new Map(run.sets.flatMap((s) => s.migrations.map((m) => [m.path, m.text] as const)));
  const sources = new Map<string, SourceText>();
  const sourceOf = (path: string) => {
    let source = sources.get(path);
    if (!source) sources.set(path, (source = new SourceText(texts.get(path) ?? "")));
    return source;
  };
  const out: string[] = [];
  for (const problem of run.problems) {
    if (options.quiet && problem.severity !== "error") continue;
    out.push(`${c.bold(problem.path)}: ${problem.severity === "error" ? c.red("error") : c.yellow("warn")} ${problem.message}`);
  }
  for (const finding of run.findings) {
    if (!shown(finding, options)) continue;
    out.push(formatFinding(finding, sourceOf(finding.path), c));
  }
  out.push(summaryLine(run, c));
  return `${out.join("\n\n")}\n`;
}

/** Whether a finding is reported under --quiet / --verbose (shared by the text, github and markdown formats). */
export function shown(finding: Finding, options: Pick<TextOptions, "quiet" | "verbose">): boolean {
  if (options.quiet) return finding.severity === "error" && !finding.overridden && !finding.baselined;
  return finding.severity !== "note" || options.verbose;
}

type Colors = ReturnType<typeof pc.createColors>;

function formatFinding(finding: Finding, source: SourceText, c: Colors): string {
  const where = `${finding.path}:${finding.range.start.line}:${finding.range.start.column}`;
  const label = finding.overridden
    ? c.cyan("overridden")
    : finding.baselined
      ? c.cyan("baselined")
    : finding.severity === "error"
      ? c.red("error")
      : finding.severity === "warn"
        ? c.yellow("warn")
        : c.dim("note");
  const lines = [`${c.bold(where)}  ${label}  ${c.dim(finding.ruleId)}`, `  ${finding.message}`];
  if (finding.overridden) {
    lines.push(`  ${c.cyan("override reason:")} ${finding.overridden.reason}`);
    if (finding.overridden.approvedBy) lines.push(`  ${c.cyan("signed off by:")} ${describeApproval(finding.overridden.approvedBy)}`);
    return lines.join("\n");
  }
  if (finding.baselined) return lines.join("\n");
  lines.push(indent(codeFrame(source, finding.range, c), "  "));
  if (finding.saferAlternative) lines.push(`  ${c.green("Safer alternative:")}`, indent(finding.saferAlternative, "    "));
  if (finding.fix) lines.push(`  ${c.green("Fixable with --fix:")} ${finding.fix.title}`);
  if (finding.docsUrl) lines.push(`  ${c.dim(`Docs: ${finding.docsUrl}`)}`);
  return lines.join("\n");
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

/** `✖ 4 errors, 2 warnings, 1 overridden (3 migrations, 13 statements checked)`. */
export function summaryLine(run: LintRun, c: Colors = pc.createColors(false)): string {
  // The mark follows --fail-on, like the exit code.
  const mark = lintFailed(run) ? c.red("✖") : c.green("✔");
  return `${mark} ${summaryCounts(run)}`;
}

/** `4 errors, 2 warnings, 1 overridden (3 migrations, 13 statements checked)`. */
export function summaryCounts(run: LintRun): string {
  const s = run.summary;
  const checked = run.files.filter((f) => f.checked);
  const statements = checked.reduce((n, f) => n + f.statements, 0);
  const parts = [plural(s.errors, "error"), plural(s.warnings, "warning"), `${s.overridden} overridden`];
  if (run.baseline) parts.push(`${s.baselined} baselined`);
  if (s.notes > 0) parts.push(plural(s.notes, "note"));
  if (s.problems > 0) parts.push(plural(s.problems, "unreadable input"));
  const stale = run.baseline?.stale ?? 0;
  const staleText = stale > 0 ? `; ${stale} baseline ${stale === 1 ? "entry no longer matches" : "entries no longer match"}` : "";
  return `${parts.join(", ")} (${plural(checked.length, "migration")}, ${plural(statements, "statement")} checked)${staleText}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
