// `rollsafe report`: the library function (a typed result) and nothing about printing.
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, relative, resolve } from "node:path";
import { assessRelease, buildRunbook, ConfigError, countUnanalysed, lintMigrationSets, loadConfig, newCodeOldSchemaCollector, upgradeSpan, type Finding, type ReleaseAssessment, type Runbook, type UnanalysedStatement, type UpgradeSpan } from "@rollsafe/core";
import { loadParser, SOURCE_KINDS, type SourceKind, type SourceProblem } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { findMigrationsDir } from "../../default-migrations-dir.js";
import { repoRoot } from "../../git/repo-root.js";
import { treeEntries } from "../../git/tree-entries.js";
import { lintOptionsFromConfig } from "../../config/lint-options.js";
import { ledgerKeys, type LedgerKey } from "./ledger-keys.js";
import { resolveRange, type RefAt } from "./range.js";
import { checkedMigrations, type ReleaseLint } from "./release-lint.js";
import { snapshotAt, type RepoLayout } from "./snapshot.js";
import { releaseTimeline, TIMELINE_LIMIT, type TimelineEntry } from "./timeline.js";
import type { ReleaseSignoffSummary } from "../../signoff/release-signoffs.js";

export interface ReportCommandOptions {
  /** Up to two positionals: `[<from>..<to>] [path]` (see `splitReportArgs`). */
  args: string[];
  cwd: string;
  config?: string;
  source?: string;
  /** Evaluate every release step between the range's ends (no limit on the timeline) and the upgrade span. */
  perRelease?: boolean;
  /** Where GitHub's facts are read from for overrides.signoff (GITHUB_REPOSITORY, GITHUB_TOKEN, GITHUB_API_URL). */
  env?: NodeJS.ProcessEnv;
}

/** A migration at the range's end, as the release-safety artifact lists it. */
export interface MigrationAtEnd {
  name: string;
  /** Display path. */
  path: string;
  /** True when the range adds it (its file is not at `from`). */
  inRange: boolean;
  /** With --per-release: the release (tag, or the range's end) whose commit first has it. */
  release?: string;
  /** How the tool's ledger records it (absent when the tool never applies it). */
  ledger?: LedgerKey;
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
  /** Whether every release step was evaluated (--per-release). */
  perRelease: boolean;
  /** With --per-release: the minimum previous version and the required stops. */
  span?: UpgradeSpan;
  /** The tool whose folder layout the migrations follow ("mixed" when the folder holds several). */
  source: string | null;
  /** Every migration at the range's end, history included, in the order they apply. */
  all: MigrationAtEnd[];
  /** With overrides.signoff configured: who signed off the release's overrides (each finding's `overridden.approvedBy`). */
  signoff?: ReleaseSignoffSummary;
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
  const env = options.env ?? process.env;
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
    const lintOptions = lintOptionsFromConfig(config);
    const newCode = newCodeOldSchemaCollector();
    const lint = lintMigrationSets(snapshot.sets, { ...lintOptions, cwd: snapshot.cwd, newPaths: checked.paths, onStatement: newCode.onStatement });
    const release: ReleaseLint = { snapshot, checked, lint };
    const order = new Map(lint.files.map((f, i) => [f.path, i]));
    const findings = [...lint.findings].sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0) || a.range.start.offset - b.range.start.offset);
    const unreadable = snapshot.problems.filter((p) => p.severity === "error").map((p): UnanalysedStatement => ({ path: p.path, kind: "unreadable", why: `the file could not be read: ${p.message}` }));
    const unanalysed = [...lint.unanalysed, ...unreadable];
    let signoff: ReleaseSignoffSummary | undefined;
    if (config.overrides?.signoff) {
      // Loaded only when configured, like lint's check.
      const { releaseSignoffs } = await import("../../signoff/release-signoffs.js");
      const outcome = await releaseSignoffs({ config: config.overrides.signoff, findings, cwd: snapshot.cwd, base: snapshot.base, git: { root, from: range.from.sha, to: range.to.sha, fromName: range.from.ref }, env });
      signoff = outcome.summary;
      snapshot.problems.push(...outcome.problems);
    }
    const assessment = assessRelease({ sets: snapshot.sets, checked: checked.migrations, findings, unanalysed, newCodeIssues: newCode.issues });
    const runbook = buildRunbook({ path: assessment.decision.path, from: range.from, to: range.to, failureClass: failureClass(assessment), unanalysed: assessment.decision.unanalysed, ...(config.rollback ? { rollback: config.rollback } : {}) });
    const perRelease = options.perRelease === true;
    const timeline = releaseTimeline(layout, range, release, lintOptions, perRelease ? Infinity : TIMELINE_LIMIT, unreadable);
    const total = snapshot.sets.reduce((n, s) => n + s.migrations.length, 0);
    const keys = ledgerKeys(snapshot.sets, snapshot.cwd);
    const releaseOf = new Map(timeline.flatMap((t) => t.paths.map((p) => [p, t.to] as const)));
    const all = snapshot.sets.flatMap((set) =>
      set.migrations.map((m): MigrationAtEnd => {
        const ledger = keys.get(m);
        const at = perRelease ? releaseOf.get(m.path) : undefined;
        return { name: m.name, path: m.path, inRange: checked.paths.has(resolve(snapshot.cwd, m.path)), ...(at ? { release: at } : {}), ...(ledger ? { ledger } : {}) };
      }),
    );
    const kinds = [...new Set(snapshot.sets.map((s) => s.kind))];
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
      perRelease,
      ...(perRelease ? { span: upgradeSpan(timeline.map((t) => ({ from: t.from, to: t.to, verdict: t.verdict }))) } : {}),
      source: kinds.length === 0 ? null : kinds.length === 1 ? kinds[0]! : "mixed",
      all,
      ...(signoff ? { signoff } : {}),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * 0 when the previous release runs against the new schema (verdict `true`), 1 when it does not; an
 * "unknown" verdict is 1 unless `allowUnknown`. With `--min-score`, the score decides instead of the
 * path, but an unknown verdict still fails unless allowed: a score is only as good as what was analysed.
 */
export function reportExitCode(run: ReportRun, minScore?: number, allowUnknown = false): 0 | 1 {
  const verdict = run.assessment.decision.verdict;
  if (verdict === "unknown" && !allowUnknown) return 1;
  if (minScore !== undefined) return run.assessment.score.score < minScore ? 1 : 0;
  return verdict === false ? 1 : 0;
}

function failureClass(assessment: ReleaseAssessment): string {
  if (assessment.decision.verdict === "unknown") return `unknown: ${countUnanalysed(assessment.decision.unanalysed)} not analysed`;
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
