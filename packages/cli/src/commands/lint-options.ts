// The engine's options and cache for a lint run. `rollsafe verify --changed-since` builds them the same
// way when it needs the static findings of the checked migrations, so a `rollsafe lint --changed-since`
// run before it (the usual CI order) has already cached them, and the two never overwrite each other's
// cache entry with a different key.
import { resolve } from "node:path";
import type { LintOptions, MergeBaseFacts, RollsafeConfig } from "@rollsafe/core";
import { snapshotChecks } from "@rollsafe/drizzle";
import { lintOptionsFromConfig } from "@rollsafe/rules";
import { BUILD_ID } from "../build-id.js";
import { LintCache } from "../cache/lint-cache.js";

/** The lint cache's folder, relative to the configuration's folder (or the working directory). */
export const DEFAULT_CACHE_LOCATION = ".rollsafe/cache";

export interface LintRunScope {
  cwd: string;
  /** The migrations that form the change being checked (`--new`, `--changed-since`); the others are history. */
  newPaths?: ReadonlySet<string> | undefined;
  /** What git says about the change's merge base (`--changed-since`). */
  history?: MergeBaseFacts | undefined;
}

export function lintRunOptions(config: RollsafeConfig, scope: LintRunScope): LintOptions {
  return {
    ...lintOptionsFromConfig(config),
    // drizzle-kit folders also get their snapshot checks (broken-snapshot-chain, snapshot-drift).
    setChecks: [snapshotChecks],
    cwd: scope.cwd,
    ...(scope.newPaths ? { newPaths: scope.newPaths } : {}),
    ...(scope.history ? { history: scope.history } : {}),
  };
}

export interface CacheChoice {
  cwd: string;
  /** false: `--no-cache`. */
  cache?: boolean | undefined;
  /** `--cache-location`, relative to cwd. */
  cacheLocation?: string | undefined;
}

/** The lint cache for these options, or none (`--no-cache`, or a build without an id: tests from source). */
export function lintCacheFor(choice: CacheChoice, baseDir: string, options: LintOptions): LintCache | undefined {
  if (choice.cache === false || BUILD_ID === undefined) return undefined;
  const location = choice.cacheLocation !== undefined ? resolve(choice.cwd, choice.cacheLocation) : resolve(baseDir, DEFAULT_CACHE_LOCATION);
  return new LintCache(location, BUILD_ID, options);
}
