// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding, which GitHub
// shows as an annotation on the line of the migration (in the pull request's diff and the run summary).
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { Finding } from "@rollsafe/core";
import type { LintRun } from "../commands/lint.js";
import { describeApproval } from "./approval.js";
import { pathInside, toSlashes } from "./paths.js";
import { shown, summaryLine, type TextOptions } from "./text.js";

export interface GithubOptions extends Pick<TextOptions, "quiet" | "verbose"> {
  /** The folder the reported paths are relative to. */
  cwd: string;
  /**
   * The repository's checkout (`GITHUB_WORKSPACE`): annotation paths must be relative to it, so a run
   * from a sub-folder still annotates the right file.
   */
  workspace?: string | undefined;
}

const COMMAND = { error: "error", warn: "warning", note: "notice" } as const;

export function formatGithub(run: LintRun, options: GithubOptions): string {
  const file = (path: string) => (options.workspace ? pathInside(path, options.cwd, options.workspace) : undefined) ?? toSlashes(path);
  const lines: string[] = [];
  for (const problem of run.problems) {
    if (options.quiet && problem.severity !== "error") continue;
    lines.push(command(problem.severity === "error" ? "error" : "warning", { file: file(problem.path), title: "rollsafe" }, problem.message));
  }
  for (const finding of run.findings) {
    if (shown(finding, options)) lines.push(findingCommand(finding, file(finding.path)));
  }
  // A plain log line, not a command.
  lines.push(summaryLine(run));
  return `${lines.join("\n")}\n`;
}

function findingCommand(finding: Finding, file: string): string {
  const { start, end } = finding.range;
  // GitHub rejects a column range on an annotation that spans several lines: only the lines then.
  const columns: Record<string, number> = start.line === end.line ? { col: start.column, endLine: end.line, endColumn: end.column } : { endLine: end.line };
  const properties = { file, line: start.line, ...columns, title: finding.ruleId };
  if (finding.overridden) {
    const signed = finding.overridden.approvedBy ? `\nSigned off by ${describeApproval(finding.overridden.approvedBy)}` : "";
    return command("notice", properties, `${finding.message}\nOverridden: ${finding.overridden.reason}${signed}`);
  }
  if (finding.baselined) return command("notice", properties, `${finding.message}\nBaselined: listed in the baseline file`);
  return command(COMMAND[finding.severity], properties, finding.message);
}

function command(name: string, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${name} ${props}::${escapeData(message)}`;
}

/** The message of a workflow command (`%`, CR and LF are encoded, as @actions/core does). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value: also `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
