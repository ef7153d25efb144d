// Runs the engine over the migration sets, reading unchanged sets from the lint cache when there is one.
import { lintMigrationSets, type LintOptions, type LintResult } from "@rollsafe/core";
import { loadParser, type MigrationSet } from "@rollsafe/parser";
import type { LintCache } from "./lint-cache.js";

/** How many sets came from the cache, for ROLLSAFE_TIMING and --verbose. */
export interface CacheUse {
  hits: number;
  misses: number;
  /** The cache folder is tracked by git, so it was neither read nor written. */
  tracked?: true;
}

/**
 * The engine's result for every set, in set order. The grammar is loaded only when a set has to be
 * parsed: a run served entirely from the cache never compiles the WebAssembly.
 */
export async function lintSets(sets: readonly MigrationSet[], options: LintOptions, cache: LintCache | undefined): Promise<LintResult & { cache?: CacheUse }> {
  if (!cache) {
    await loadParser();
    return lintMigrationSets(sets, options);
  }
  const result: LintResult = { files: [], findings: [], unanalysed: [] };
  const use: CacheUse = { hits: 0, misses: 0 };
  for (const set of sets) {
    const cached = cache.read(set);
    if (cached.result) {
      use.hits++;
      append(result, cached.result);
      continue;
    }
    use.misses++;
    await loadParser();
    const fresh = lintMigrationSets([set], options);
    cache.write(set, cached.key, fresh);
    append(result, fresh);
  }
  return { ...result, cache: cache.refusedAsTracked ? { ...use, tracked: true } : use };
}

// A loop, not push(...items): a set can hold more findings than a call has room for arguments.
function append(into: LintResult, from: LintResult): void {
  for (const file of from.files) into.files.push(file);
  for (const finding of from.findings) into.findings.push(finding);
  for (const statement of from.unanalysed) into.unanalysed.push(statement);
}
