// The seam the ESLint plugin lints through (one migration against a cached model of the ones before
// it) must give what the CLI's whole-folder pass gives, finding for finding.
import { fileURLToPath } from "node:url";
import { FOLDER_CHECKS, lintMigration, lintMigrationSets, ReplayCache, type Finding, type LintOptions } from "@rollsafe/core";
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

/** Findings per migration path: the whole-folder pass, and one lintMigration call per migration. */
function bothWays(sets: readonly MigrationSet[]): { folder: Map<string, string[]>; one: Map<string, string[]> } {
  const folder = new Map<string, string[]>();
  for (const f of lintMigrationSets(sets, OPTIONS).findings) if (!FOLDER_CHECK_IDS.has(f.ruleId)) folder.set(f.path, [...(folder.get(f.path) ?? []), render(f)]);
  const one = new Map<string, string[]>();
  for (const set of sets) {
    const cache = new ReplayCache();
    set.migrations.forEach((migration, index) => {
      const findings = lintMigration({ migration, kind: set.kind, model: cache.modelBefore(set.migrations, index), unit: index + 1 }, OPTIONS);
      if (findings.length > 0) one.set(migration.path, findings.map(render));
    });
  }
  return { folder, one };
}

describe("lintMigration with a ReplayCache", () => {
  it("agrees with lintMigrationSets on every fixture", () => {
    const { sets } = readMigrationSets([FIXTURES]);
    expect(sets.length).toBeGreaterThan(40);
    const { folder, one } = bothWays(sets);
    expect(folder.size).toBeGreaterThan(40);
    expect(one).toEqual(folder);
  });

  it.skipIf(!RUN_CORPUS_TESTS)("agrees with lintMigrationSets on the shared corpus", () => {
    const { sets } = readMigrationSets([CORPUS_DIR]);
    const { folder, one } = bothWays(sets);
    expect([...folder.values()].flat().length).toBeGreaterThan(1000);
    expect(one).toEqual(folder);
  });
});
