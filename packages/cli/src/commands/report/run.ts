// `rollsafe report`: the library function (a typed result) and nothing about printing.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { buildRunbook, ConfigError, failureClass, lintRelease, loadConfig, locateRelease, observedEvidence, resolveRange, upgradeSpan, type Finding, type ObservedEvidence, type RefAt, type ReleaseAssessment, type Runbook, type UpgradeSpan } from "@rollsafe/core";
import { loadParser, type MigrationSet, type SourceProblem } from "@rollsafe/parser";
import { findProjectMigrationsDir, previousCodeSchema, snapshotChecks } from "@rollsafe/drizzle";
import { ALL_RULES, lintOptionsFromConfig } from "@rollsafe/rules";
import { ledgerKeys, type LedgerKey } from "./ledger-keys.js";
import { releaseTimeline, TIMELINE_LIMIT, type TimelineEntry } from "./timeline.js";
import type { ReleaseSignoffSummary } from "../../signoff/release-signoffs.js";
import { verifyCacheDir } from "../verify/cache-dir.js";
import { parseSource } from "../migration-paths.js";

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
  /** Also apply the release's migrations on PGlite and confirm the breaking changes from the real catalog (`--verify`). */
  verify?: boolean;
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
  void loadParser(); // The WASM loads while git is read.
  const env = options.env ?? process.env;
  const { config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id)));
  const source = parseSource(options.source);
  const { range: rangeArg, path } = splitReportArgs(options.args, options.cwd);
  const located = locateRelease({ cwd: options.cwd, config, baseDir, command: "report", findDir: findProjectMigrationsDir, ...(path !== undefined ? { path } : {}), ...(source ? { source } : {}) });
  const range = resolveRange(located.layout.root, rangeArg);
  // drizzle-kit folders also get their snapshot checks (broken-snapshot-chain, snapshot-drift).
  const lintOptions = { ...lintOptionsFromConfig(config), setChecks: [snapshotChecks] };
  // The snapshot's files stay until the ledger keys (checksums of the files as committed) are read.
  const scratch = mkdtempSync(join(tmpdir(), "rollsafe-report-"));
  try {
    // The previous release's ORM schema: its evidence clears the breaks the previous code cannot hit.
    let reads = 0;
    const codeSchemaAt = (at: RefAt) => previousCodeSchema({ root: located.layout.root, cwd: located.cwd, ref: at.ref, commit: at.sha, scratch: join(scratch, `code-${reads++}`) });
    const codeSchema = await codeSchemaAt(range.from);
    const linted = await lintRelease(located.layout, range, lintOptions, scratch, codeSchema);
    const { assessment, release } = linted;
    const { snapshot, checked } = release;
    let signoff: ReleaseSignoffSummary | undefined;
    if (config.overrides?.signoff) {
      // Loaded only when configured, like lint's check. Approvals annotate the overrides; they never change the verdict.
      const { releaseSignoffs } = await import("../../signoff/release-signoffs.js");
      const outcome = await releaseSignoffs({ config: config.overrides.signoff, findings: linted.findings, cwd: snapshot.cwd, base: snapshot.base, git: { root: located.layout.root, from: range.from.sha, to: range.to.sha, fromName: range.from.ref }, env });
      signoff = outcome.summary;
      linted.problems.push(...outcome.problems);
    }
    if (options.verify) {
      const observed = await observeRelease(snapshot.sets, snapshot.cwd, checked.paths, linted.findings, verifyCacheDir(options.cwd, baseDir, undefined));
      assessment.evidence = assessment.evidence.map((e) => (e.source === "observed on PostgreSQL" ? observedEvidence(observed) : e));
    }
    const runbook = buildRunbook({ path: assessment.decision.path, from: range.from, to: range.to, failureClass: failureClass(assessment), unanalysed: assessment.decision.unanalysed, ...(config.rollback ? { rollback: config.rollback } : {}) });
    const perRelease = options.perRelease === true;
    const timeline = await releaseTimeline(located.layout, range, release, lintOptions, perRelease ? Infinity : TIMELINE_LIMIT, linted.unreadable, codeSchemaAt);
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
      dir: relative(located.cwd, located.dirAbs) || ".",
      migrations: { checked: checked.migrations.map((m) => m.path), history: linted.history },
      findings: linted.findings,
      problems: linted.problems,
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
