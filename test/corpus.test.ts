// The shared corpus: 1,644 real migration files from public projects (../shared/corpus/SOURCES.md).
// They are all valid PostgreSQL, so any syntax error is ours; and nothing may crash.
import { lintMigrationSets } from "@rollsafe/core";
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";

describe.skipIf(!RUN_CORPUS_TESTS)("shared corpus", () => {
  beforeAll(() => loadParser());

  it("lints every file without a crash or a syntax error", () => {
    const { sets, problems } = readMigrationSets([CORPUS_DIR]);
    const result = lintMigrationSets(sets, { rules: ALL_RULES });
    expect(result.files).toHaveLength(1644);
    expect(result.files.reduce((n, f) => n + f.statements, 0)).toBe(6580);
    expect(result.findings.filter((f) => f.ruleId === "syntax-error")).toEqual([]);
    expect(problems).toEqual([]);
    // The corpus has one real journal problem: midday's journal lists a baseline file that is not there
    // (test/drizzle-corpus.test.ts checks every drizzle folder's integrity findings).
    expect(result.findings.filter((f) => f.ruleId === "missing-migration-file").map((f) => f.message)).toEqual([expect.stringMatching(/^meta\/_journal\.json lists 0000_silly_sage, /)]);
    // Every finding is located inside its file.
    for (const f of result.findings) {
      expect(f.range.start.line).toBeGreaterThanOrEqual(1);
      expect(f.range.end.offset).toBeGreaterThanOrEqual(f.range.start.offset);
    }
  });
});
