// The seam the ESLint plugin lints through (one migration against a cached model of the ones before
// it) must give what the CLI's whole-folder pass gives, finding for finding; so must a model saved as
// JSON and loaded again (rollsafe verify keeps one with each cached engine state).
import { fileURLToPath } from "node:url";
import { FOLDER_CHECKS, lintMigration, lintMigrationSets, loadModel, ReplayCache, saveModel, type Finding, type LintOptions, type SavedModel } from "@rollsafe/core";
import { loadParser, readMigrationSets, type MigrationSet } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";

beforeAll(() => loadParser());

const FIXTURES = fileURLToPath(new URL("../fixtures", import.meta.url));
const OPTIONS: LintOptions = { rules: ALL_RULES, preset: "strict", locks: statementLocks };

/** Every field of a finding, as one comparable string. */
const render = (f: Finding) => JSON.stringify(f);

/** The drizzle folder checks (journal, snapshots) are about a folder, not a migration: only the whole-folder pass makes them. */
const FOLDER_CHECK_IDS = new Set(FOLDER_CHECKS.map((rule) => rule.id));

/**
 * Findings per migration path: the whole-folder pass, one lintMigration call per migration, and the
 * same with the model before it saved as JSON and loaded again (what `rollsafe verify` caches).
 */
function threeWays(sets: readonly MigrationSet[]): { folder: Map<string, string[]>; one: Map<string, string[]>; saved: Map<string, string[]> } {
  const folder = new Map<string, string[]>();
  for (const f of lintMigrationSets(sets, OPTIONS).findings) if (!FOLDER_CHECK_IDS.has(f.ruleId)) folder.set(f.path, [...(folder.get(f.path) ?? []), render(f)]);
  const one = new Map<string, string[]>();
  const saved = new Map<string, string[]>();
  for (const set of sets) {
    const cache = new ReplayCache();
    set.migrations.forEach((migration, index) => {
      const findings = lintMigration({ migration, kind: set.kind, model: cache.modelBefore(set.migrations, index), unit: index + 1 }, OPTIONS);
      if (findings.length > 0) one.set(migration.path, findings.map(render));
      const model = loadModel(JSON.parse(JSON.stringify(saveModel(cache.modelBefore(set.migrations, index)))) as SavedModel);
      const again = lintMigration({ migration, kind: set.kind, model, unit: index + 1 }, OPTIONS);
      if (again.length > 0) saved.set(migration.path, again.map(render));
    });
  }
  return { folder, one, saved };
}

describe("lintMigration with a ReplayCache, and with the model saved as JSON", () => {
  it("agrees with lintMigrationSets on every fixture", () => {
    const { sets } = readMigrationSets([FIXTURES]);
    expect(sets.length).toBeGreaterThan(40);
    const { folder, one, saved } = threeWays(sets);
    expect(folder.size).toBeGreaterThan(40);
    expect(one).toEqual(folder);
    expect(saved).toEqual(folder);
  });

  it.skipIf(!RUN_CORPUS_TESTS)("agrees with lintMigrationSets on the shared corpus", () => {
    const { sets } = readMigrationSets([CORPUS_DIR]);
    const { folder, one, saved } = threeWays(sets);
    expect([...folder.values()].flat().length).toBeGreaterThan(1000);
    expect(one).toEqual(folder);
    expect(saved).toEqual(folder);
  });
});
