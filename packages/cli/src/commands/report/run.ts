// `rollsafe report`: the library function (a typed result) and nothing about printing.
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { assessRelease, buildRunbook, ConfigError, isSafePath, lintMigrationSets, loadConfig, type Finding, type ObservedEvidence, type ReleaseAssessment, type Runbook } from "@rollsafe/core";
import { loadParser, SOURCE_KINDS, type MigrationSet, type SourceKind, type SourceProblem } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { findMigrationsDir } from "../../default-migrations-dir.js";
import { verifyCacheDir } from "../verify/cache-dir.js";
import { repoRoot } from "../../git/repo-root.js";
import { treeEntries } from "../../git/tree-entries.js";
import { lintOptionsFromConfig } from "../../config/lint-options.js";
import { resolveRange, type RefAt } from "./range.js";
import { checkedMigrations, type ReleaseLint } from "./release-lint.js";
import { snapshotAt, type RepoLayout } from "./snapshot.js";
import { releaseTimeline, type TimelineEntry } from "./timeline.js";

export interface ReportCommandOptions {
  /** Up to two positionals: `[<from>..<to>] [path]` (see `splitReportArgs`). */
  args: string[];
  cwd: string;
  config?: string;
  source?: string;
  /** Also apply the release's migrations on PGlite and confirm the breaking changes from the real catalog (`--verify`). */
  verify?: boolean;
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
  const parserReady = loadParser();
  const verify = !!options.verify;
  const { config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id)));
  const source = parseSource(options.source) ?? config.migrations?.source;
  const { range: rangeArg, path } = splitReportArgs(options.args, options.cwd);
  const cwd = realpathSync(options.cwd);
  let root: string;
  try {
    root = realpathSync(repoRoot(cwd));
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`report: ${options.cwd} is not inside a git repository`);
    throw error;
  }
  const dirAbs = path !== undefined ? resolve(cwd, path) : config.migrations?.dir ? resolve(realpathSync(baseDir), config.migrations.dir) : defaultDir(cwd);
  const dir = toRepoPath(root, dirAbs);
  const layout: RepoLayout = { root, cwd: toRepoPath(root, cwd), dir, ...(source ? { source } : {}) };
  const range = resolveRange(root, rangeArg);

  const scratch = mkdtempSync(join(tmpdir(), "rollsafe-report-"));
  try {
    const blobs = new Map<string, Buffer>();
    const filesBefore = new Set(treeEntries(root, range.from.sha, dir).map((e) => e.path));
    const snapshot = snapshotAt(layout, range.to.sha, scratch, blobs);
    const checked = checkedMigrations(snapshot, filesBefore);
    await parserReady;
    const options = lintOptionsFromConfig(config);
    const lint = lintMigrationSets(snapshot.sets, { ...options, cwd: snapshot.cwd, newPaths: checked.paths });
    const release: ReleaseLint = { snapshot, checked, lint };
    const order = new Map(lint.files.map((f, i) => [f.path, i]));
    const findings = [...lint.findings].sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0) || a.range.start.offset - b.range.start.offset);
    const observed = verify ? await observeRelease(snapshot.sets, snapshot.cwd, checked.paths, findings, verifyCacheDir(cwd, baseDir, undefined)) : undefined;
    const assessment = assessRelease({ sets: snapshot.sets, checked: checked.migrations, findings, ...(observed ? { observed } : {}) });
    const runbook = buildRunbook({ path: assessment.decision.path, from: range.from, to: range.to, failureClass: failureClass(assessment), ...(config.rollback ? { rollback: config.rollback } : {}) });
    const timeline = releaseTimeline(layout, range, release, options);
    const total = snapshot.sets.reduce((n, s) => n + s.migrations.length, 0);
    return {
      from: range.from,
      to: range.to,
      dir: relative(cwd, dirAbs) || ".",
      migrations: { checked: checked.migrations.map((m) => m.path), history: total - checked.migrations.length },
      findings,
      problems: snapshot.problems,
      assessment,
      runbook,
      timeline,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `--verify`: the release's migrations applied on PGlite after the earlier ones (from the verify cache when
 * it has them), and the breaking changes read from the real catalog. Loaded only when asked for.
 */
async function observeRelease(sets: readonly MigrationSet[], cwd: string, checked: ReadonlySet<string>, findings: readonly Finding[], cacheDir: string): Promise<ObservedEvidence> {
  const { verifyMigrations } = await import("@rollsafe/verify");
  const result = await verifyMigrations({ sets, cwd, engine: { kind: "pglite" }, checked, findings, cacheDir });
  const failure = result.failure ? `${result.failure.path}:${result.failure.line}:${result.failure.column}: ${result.failure.message}` : undefined;
  return {
    engine: `PostgreSQL ${result.serverVersion} (PGlite)`,
    breaking: (result.compat ?? []).filter((c) => c.breaking).map((c) => ({ detail: c.detail, reported: c.staticRules.length > 0 })),
    notVerifiable: result.summary.notVerifiable,
    ...(failure ? { failure } : {}),
  };
}

/** 0 on the two safe paths, 1 otherwise; with `--min-score`, 1 only when the score is below it. */
export function reportExitCode(run: ReportRun, minScore?: number): 0 | 1 {
  if (minScore !== undefined) return run.assessment.score.score < minScore ? 1 : 0;
  return isSafePath(run.assessment.decision.path) ? 0 : 1;
}

function failureClass(assessment: ReleaseAssessment): string {
  const rules = [...new Set(assessment.decision.deciding.map((f) => f.ruleId))].join(", ");
  switch (assessment.decision.path) {
    case "service-rollback":
      return "code only (no migration)";
    case "schema-compatible-rollback":
      return "code only (expand-only migrations)";
    case "disaster-recovery":
      return `data loss (${rules})`;
    default:
      return `breaking schema change (${rules})`;
  }
}

function defaultDir(cwd: string): string {
  const dir = findMigrationsDir(cwd);
  if (!dir) throw new ConfigError("report: no migrations folder found here: pass a path (rollsafe report <from>..<to> <dir>) or set migrations.dir in rollsafe.config.json");
  return resolve(cwd, dir);
}

/** A folder relative to the repository root, forward slashes, `.` for the root. */
function toRepoPath(root: string, abs: string): string {
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // A folder the working tree does not have (deleted since): its path is all we need.
  }
  const rel = relative(root, real);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new ConfigError(`report: ${abs} is outside the git repository ${root}`);
  return rel === "" ? "." : rel.split("\\").join("/");
}

function parseSource(source: string | undefined): SourceKind | undefined {
  if (source === undefined) return undefined;
  if (!(SOURCE_KINDS as readonly string[]).includes(source)) throw new ConfigError(`--source: unknown source "${source}"; use one of: ${SOURCE_KINDS.join(", ")}`);
  return source as SourceKind;
}
