// `rollsafe verify`: the library function (a typed result) and nothing about printing. @rollsafe/verify
// (PGlite, pg) is imported here only, so no other command pays for loading it.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError, loadConfig, tracksFiles, type Finding } from "@rollsafe/core";
import { readMigrationSets, type SourceProblem } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import type { VerifyProgress, VerifyResult } from "@rollsafe/verify";
import { changedSince } from "../changed-since.js";
import { lintSets } from "../../cache/lint-sets.js";
import { trackedCacheProblem } from "../../cache/tracked-cache.js";
import { lintCacheFor, lintRunOptions } from "../lint-options.js";
import { removeOlderStateFormats, verifyCacheDir } from "./cache-dir.js";
import type { Timing } from "../../timing.js";
import { defaultPaths, parseSource } from "../migration-paths.js";

export interface VerifyCommandOptions {
  paths: string[];
  cwd: string;
  config?: string;
  source?: string;
  databaseUrl?: string;
  changedSince?: string;
  /** Use and update the engine-state cache under `.rollsafe/cache/` (PGlite only). */
  cache: boolean;
  /** `--cache-location` (relative to cwd); default `.rollsafe/cache` beside the config. */
  cacheLocation?: string;
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
  timing?: Timing;
}

export interface VerifyRun {
  result: VerifyResult;
  problems: SourceProblem[];
  /** Paths given on the command line that do not exist. */
  missingPaths: string[];
  /** The checked migrations (display paths) with --changed-since. */
  checked?: string[];
}

export async function runVerify(options: VerifyCommandOptions): Promise<VerifyRun> {
  const { config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id)));
  const source = parseSource(options.source) ?? config.migrations?.source;
  const paths = options.paths.length > 0 ? options.paths : defaultPaths(options.cwd, config.migrations?.dir ? resolve(baseDir, config.migrations.dir) : undefined, "verify");
  const missingPaths = paths.filter((p) => !existsSync(resolve(options.cwd, p)));
  const { sets, problems } = readMigrationSets(
    paths.filter((p) => !missingPaths.includes(p)),
    { cwd: options.cwd, ...(source ? { source } : {}) },
  );
  if (options.databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(options.databaseUrl)) throw new ConfigError("--database-url: expected a postgres:// or postgresql:// URL");
  options.timing?.mark("configuration, discovery and reading files");
  const changes = options.changedSince !== undefined ? changedSince(options.changedSince, sets, options.cwd) : undefined;
  if (changes) options.timing?.mark("reading the changes from git");
  // The static findings, only when a catalog change needs matching with them.
  // Linted as `rollsafe lint --changed-since` lints them, through the same cache entry: a lint run before
  // this one (or an earlier verify run) has them already.
  const findings = changes
    ? async (): Promise<Finding[]> => {
        const lintOptions = lintRunOptions(config, { cwd: options.cwd, newPaths: changes.newPaths, history: changes.history });
        return (await lintSets(sets, lintOptions, lintCacheFor(options, baseDir, lintOptions))).findings;
      }
    : undefined;
  let cacheDir = options.cache ? verifyCacheDir(options.cwd, baseDir, options.cacheLocation) : undefined;
  if (cacheDir && tracksFiles(dirname(cacheDir))) {
    problems.push(trackedCacheProblem(options.cwd, dirname(cacheDir)));
    cacheDir = undefined;
  }
  if (cacheDir) removeOlderStateFormats(cacheDir);
  const { verifyMigrations } = await import("@rollsafe/verify");
  options.timing?.mark("loading @rollsafe/verify");
  const result = await verifyMigrations({
    sets,
    cwd: options.cwd,
    engine: options.databaseUrl !== undefined ? { kind: "postgres", url: options.databaseUrl } : { kind: "pglite" },
    ...(config.migrations?.transaction ? { transaction: config.migrations.transaction } : {}),
    ...(changes ? { checked: changes.newPaths } : {}),
    ...(findings ? { findings } : {}),
    ...(cacheDir ? { cacheDir } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
  });
  const checked = changes ? sets.flatMap((s) => s.migrations.filter((m) => changes.newPaths.has(resolve(options.cwd, m.path))).map((m) => m.path)) : undefined;
  return { result, problems, missingPaths, ...(checked ? { checked } : {}) };
}

/** 1 when a statement failed, a down migration is not the inverse of its up, or a file could not be read. */
export function verifyFailed(run: VerifyRun): boolean {
  return run.result.failure !== null || run.result.summary.downNotInverse > 0 || run.result.migrations.some((m) => m.down?.outcome === "failed") || run.problems.some((p) => p.severity === "error");
}
