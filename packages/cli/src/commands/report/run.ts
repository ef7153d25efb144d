// `rollsafe report`: the library function (a typed result) and nothing about printing.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { buildRunbook, ConfigError, failureClass, isSafePath, lintRelease, loadConfig, locateRelease, resolveRange, type Finding, type RefAt, type ReleaseAssessment, type Runbook } from "@rollsafe/core";
import { loadParser, SOURCE_KINDS, type SourceKind, type SourceProblem } from "@rollsafe/parser";
import { ALL_RULES, lintOptionsFromConfig } from "@rollsafe/rules";
import { releaseTimeline, type TimelineEntry } from "./timeline.js";

export interface ReportCommandOptions {
  /** Up to two positionals: `[<from>..<to>] [path]` (see `splitReportArgs`). */
  args: string[];
  cwd: string;
  config?: string;
  source?: string;
}

export interface ReportRun {
  from: RefAt;
  to: RefAt;
  /** The migrations folder, relative to the working directory. */
  dir: string;
  /** The migrations the release adds (display paths), and how many earlier ones were replayed as history. */
  migrations: { checked: string[]; history: number };
  /** The findings on the release's migrations, in migration order. */
  findings: Finding[];
  /** Files at the new ref that could not be read. */
  problems: SourceProblem[];
  assessment: ReleaseAssessment;
  runbook: Runbook;
  /** Each release between the range's ends (tags), scored on its own; the last one is this report's. */
  timeline: TimelineEntry[];
}

/**
 * The positionals: `a..b` is a range; with two, the first is the range and the second the path;
 * one without `..` is the path when it exists on disk, else the range's start (`<from>..HEAD`).
 */
export function splitReportArgs(args: readonly string[], cwd: string): { range?: string; path?: string } {
  if (args.length > 2) throw new ConfigError(`report: too many arguments: ${args.join(" ")} (rollsafe report [<from>..<to>] [path])`);
  const [first, second] = args;
  if (first === undefined) return {};
  if (second !== undefined) return { range: first, path: second };
  if (first.includes("..") || !existsSync(resolve(cwd, first))) return { range: first };
  return { path: first };
}

export async function runReport(options: ReportCommandOptions): Promise<ReportRun> {
  void loadParser(); // The WASM loads while git is read.
  const { config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id)));
  const source = parseSource(options.source);
  const { range: rangeArg, path } = splitReportArgs(options.args, options.cwd);
  const located = locateRelease({ cwd: options.cwd, config, baseDir, command: "report", ...(path !== undefined ? { path } : {}), ...(source ? { source } : {}) });
  const range = resolveRange(located.layout.root, rangeArg);
  const lintOptions = lintOptionsFromConfig(config);
  const linted = await lintRelease(located.layout, range, lintOptions);
  const { assessment } = linted;
  const runbook = buildRunbook({ path: assessment.decision.path, from: range.from, to: range.to, failureClass: failureClass(assessment), ...(config.rollback ? { rollback: config.rollback } : {}) });
  const timeline = releaseTimeline(located.layout, range, linted.release, lintOptions);
  return {
    from: range.from,
    to: range.to,
    dir: relative(located.cwd, located.dirAbs) || ".",
    migrations: { checked: linted.release.checked.migrations.map((m) => m.path), history: linted.history },
    findings: linted.findings,
    problems: linted.problems,
    assessment,
    runbook,
    timeline,
  };
}

/** 0 on the two safe paths, 1 otherwise; with `--min-score`, 1 only when the score is below it. */
export function reportExitCode(run: ReportRun, minScore?: number): 0 | 1 {
  if (minScore !== undefined) return run.assessment.score.score < minScore ? 1 : 0;
  return isSafePath(run.assessment.decision.path) ? 0 : 1;
}

function parseSource(source: string | undefined): SourceKind | undefined {
  if (source === undefined) return undefined;
  if (!(SOURCE_KINDS as readonly string[]).includes(source)) throw new ConfigError(`--source: unknown source "${source}"; use one of: ${SOURCE_KINDS.join(", ")}`);
  return source as SourceKind;
}
