// `rollsafe lint`: the library function (typed result) and nothing about printing.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, DEFAULT_DOCS_BASE_URL, docsPageUrl, loadConfig, OVERRIDE_NEEDS_SIGNOFF, summarize, type Finding, type LintResult } from "@rollsafe/core";
import { readMigrationSets, type MigrationSet, type SourceProblem } from "@rollsafe/parser";
import { assertPostgresDialect } from "@rollsafe/drizzle";
import { ALL_RULES } from "@rollsafe/rules";
import { applyBaseline, baselineEntries } from "../baseline/apply-baseline.js";
import { readBaseline, writeBaseline } from "../baseline/baseline-file.js";
import { trackedCacheProblem } from "../cache/tracked-cache.js";
import { lintSets, type CacheUse } from "../cache/lint-sets.js";
import { changedSince } from "./changed-since.js";
import { DEFAULT_CACHE_LOCATION, lintCacheFor, lintRunOptions } from "./lint-options.js";
import type { SignoffSummary } from "../signoff/check-signoffs.js";
import type { Timing } from "../timing.js";
import { defaultPaths, parseSource } from "./migration-paths.js";

export { DEFAULT_CACHE_LOCATION };

export interface LintCommandOptions {
  paths: string[];
  cwd: string;
  config?: string;
  source?: string;
  /** Migrations that form the change being checked; the others are history. */
  newPaths?: string[];
  /** A git ref: the migrations added or edited since the merge base with it are the change (`--changed-since`). */
  changedSince?: string;
  /** A baseline file whose findings are reported as baselined and do not fail the run. */
  baseline?: string;
  /** Write today's findings to this baseline file (then report with it). */
  writeBaseline?: string;
  /** What fails the run (`--fail-on`); the reports' verdicts follow it too. */
  failOn?: FailOn;
  /** False turns the lint cache off (`--no-cache`). */
  cache?: boolean;
  /** Where the cache lives (`--cache-location`, relative to cwd); default `.rollsafe/cache` beside the config. */
  cacheLocation?: string;
  /** `--offline-signoff <file>`: approvals from another CI system for `overrides.signoff`. */
  offlineSignoff?: string;
  /** The environment GitHub's facts are read from (GITHUB_EVENT_PATH, GITHUB_TOKEN, ...); default process.env. */
  env?: NodeJS.ProcessEnv;
  timing?: Timing;
}

/** When a run fails (`--fail-on`): on errors (the default), on errors and warnings, or never. */
export const FAIL_ON = ["error", "warning", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface LintRun extends LintResult {
  problems: SourceProblem[];
  sets: MigrationSet[];
  /** Paths given on the command line that do not exist. */
  missingPaths: string[];
  summary: ReturnType<typeof summarize> & { problems: number };
  /** Set when a baseline was read or written. */
  baseline?: { file: string; written: boolean; entries: number; stale: number };
  failOn: FailOn;
  /** How many migration sets the cache served (absent when the cache is off). */
  cache?: CacheUse;
  /** Set when `overrides.signoff` is configured and the run is a pull request's (`--changed-since`). */
  signoff?: SignoffSummary;
  /** Where the docs links point: config `docsBaseUrl`, or this release's docs on its tag. */
  docsBaseUrl: string;
}

export async function runLint(options: LintCommandOptions): Promise<LintRun> {
  const knownRuleIds = new Set(ALL_RULES.map((r) => r.id));
  const { config, baseDir } = loadConfig(options.cwd, options.config, knownRuleIds);
  const source = parseSource(options.source) ?? config.migrations?.source;
  const paths = options.paths.length > 0 ? options.paths : defaultPaths(options.cwd, config.migrations?.dir ? resolve(baseDir, config.migrations.dir) : undefined, "lint");
  // A path on the command line that does not exist is a usage mistake (exit 2), but the other
  // paths are still linted so that nothing else is lost.
  const missingPaths = paths.filter((p) => !existsSync(resolve(options.cwd, p)));
  const { sets, problems } = readMigrationSets(
    paths.filter((p) => !missingPaths.includes(p)),
    { cwd: options.cwd, ...(source ? { source } : {}) },
  );
  // A drizzle-kit journal for another database is a usage error, never findings.
  for (const set of sets) if (set.journal) assertPostgresDialect(set.journal.dialect, set.journal.path);
  options.timing?.mark("configuration, discovery and reading files");
  if (options.changedSince !== undefined && options.newPaths && options.newPaths.length > 0) throw new ConfigError("--new and --changed-since both choose the migrations to check: use one of them");
  if (options.baseline !== undefined && options.writeBaseline !== undefined) throw new ConfigError("--baseline and --write-baseline: use one of them (--write-baseline rewrites the file)");
  if (options.writeBaseline !== undefined && (options.changedSince !== undefined || (options.newPaths && options.newPaths.length > 0))) {
    throw new ConfigError("--write-baseline records the findings of every migration: run it without --changed-since or --new");
  }
  const signoffConfig = config.overrides?.signoff;
  if (options.offlineSignoff !== undefined && options.changedSince === undefined) throw new ConfigError("--offline-signoff checks the sign-off of a pull request's overrides: use it with --changed-since <ref>");
  if (options.offlineSignoff !== undefined && !signoffConfig) throw new ConfigError(`--offline-signoff: overrides.signoff is not configured (who may approve?): see ${docsPageUrl("configuration.md#overrides", config.docsBaseUrl)}`);
  const baseline = options.baseline !== undefined ? readBaseline(resolve(options.cwd, options.baseline), options.baseline) : undefined;
  const changes = options.changedSince !== undefined ? changedSince(options.changedSince, sets, options.cwd) : undefined;
  if (changes) options.timing?.mark("reading the changes from git");
  const newPaths = changes?.newPaths ?? (options.newPaths && options.newPaths.length > 0 ? new Set(options.newPaths.map((p) => resolve(options.cwd, p))) : undefined);
  if (newPaths && !changes) checkNewPathsExist(newPaths, sets, options.cwd);
  const lintOptions = lintRunOptions(config, { cwd: options.cwd, newPaths, history: changes?.history });
  const cache = lintCacheFor(options, baseDir, lintOptions);
  const result = await lintSets(sets, lintOptions, cache);
  if (result.cache?.tracked) problems.push(trackedCacheProblem(options.cwd, cache!.location));
  options.timing?.mark(result.cache ? `parsing, replay and rules (cache: ${result.cache.hits} set(s) read, ${result.cache.misses} linted)` : "parsing, replay and rules");
  let signoff: SignoffSummary | undefined;
  const docsBaseUrl = config.docsBaseUrl ?? DEFAULT_DOCS_BASE_URL;
  const signoffSeverity = config.rules?.[OVERRIDE_NEEDS_SIGNOFF.id] ?? (signoffConfig?.required ? "error" : "warn");
  if (changes && signoffConfig && signoffSeverity !== "off") {
    // Loaded only here: a run without overrides.signoff never loads the sign-off code. It runs after the
    // cache: the reviews change without the migrations changing.
    const { checkSignoffs } = await import("../signoff/check-signoffs.js");
    const outcome = await checkSignoffs({
      config: signoffConfig,
      severity: signoffSeverity,
      findings: result.findings,
      checked: new Set(result.files.filter((f) => f.checked).map((f) => f.path)),
      cwd: options.cwd,
      git: { ...changes.git, refName: options.changedSince! },
      ...(options.offlineSignoff !== undefined ? { offline: options.offlineSignoff } : {}),
      env: options.env ?? process.env,
      docsBaseUrl,
    });
    result.findings.push(...outcome.findings);
    problems.push(...outcome.problems);
    signoff = outcome.summary;
    options.timing?.mark("sign-off of overrides");
  }
  const findings = sortFindings(result.findings, result.files.map((f) => f.path));
  const baselineFile = options.writeBaseline ?? options.baseline;
  let baselineInfo: LintRun["baseline"];
  if (baselineFile !== undefined) {
    const inputs = { findings, sets, cwd: options.cwd, file: baselineFile };
    const entries = baseline?.entries ?? baselineEntries(inputs);
    if (!baseline) writeBaseline(resolve(options.cwd, baselineFile), baselineFile, entries);
    const { stale } = applyBaseline(entries, { ...inputs, checkedPaths: result.files.filter((f) => f.checked).map((f) => f.path) });
    baselineInfo = { file: baselineFile, written: !baseline, entries: entries.length, stale };
  }
  return {
    ...result,
    findings,
    problems,
    sets,
    missingPaths,
    summary: { ...summarize(findings), problems: problems.filter((p) => p.severity === "error").length },
    ...(baselineInfo ? { baseline: baselineInfo } : {}),
    ...(signoff ? { signoff } : {}),
    failOn: options.failOn ?? "error",
    docsBaseUrl,
  };
}

function checkNewPathsExist(newPaths: Set<string>, sets: MigrationSet[], cwd: string): void {
  const known = new Set(sets.flatMap((s) => s.migrations.map((m) => resolve(cwd, m.path))));
  for (const path of newPaths) {
    if (!known.has(path)) throw new ConfigError(`--new: ${path} is not a migration of the folders being linted`);
  }
}

/** Findings in migration order, then by position in the file. */
function sortFindings(findings: Finding[], fileOrder: string[]): Finding[] {
  const rank = new Map(fileOrder.map((path, i) => [path, i]));
  return [...findings].sort((a, b) => (rank.get(a.path) ?? 0) - (rank.get(b.path) ?? 0) || a.range.start.offset - b.range.start.offset);
}

/**
 * Whether the run fails: an error that no override (or baseline) allowed, or an input that could not be
 * read, or a path that does not exist; with `--fail-on warning` also a warning, with `--fail-on never`
 * nothing else.
 */
export function lintFailed(run: LintRun, failOn: FailOn = run.failOn): boolean {
  // A path that does not exist was not linted: nothing about it is "✔", whatever --fail-on says.
  if (run.missingPaths.length > 0) return true;
  if (failOn === "never") return false;
  return run.summary.errors > 0 || run.summary.problems > 0 || (failOn === "warning" && run.summary.warnings > 0);
}
