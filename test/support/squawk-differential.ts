// Runs squawk (the squawk-cli devDependency's native binary) and rollsafe on the same migrations and
// pairs their verdicts statement by statement, for the rules that rollsafe's metadata names as
// equivalents (meta.equivalents.squawk). Used by test/squawk-differential.test.ts and
// bench/squawk-differential.mjs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { lintMigrationSets, type Finding } from "@rollsafe/core";
import { parseSqlText, readMigrationSets, type Statement } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";

export interface SquawkViolation {
  file: string;
  /** 0-based, as squawk 2.x prints it in JSON. */
  line: number;
  column: number;
  rule_name: string;
}

export function squawkBinary(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve(`@squawk-cli/${process.platform}-${process.arch}/package.json`);
    const bin = join(dirname(pkg), "bin", "squawk");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

export function runSquawk(files: string[], pgVersion = "15"): SquawkViolation[] {
  const bin = squawkBinary();
  if (!bin) throw new Error("squawk binary not installed");
  const result = spawnSync(bin, ["--reporter", "json", `--pg-version=${pgVersion}`, ...files], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`squawk exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout || "[]") as SquawkViolation[];
}

/** A statement of a migration file, keyed `path#index`. */
export interface StatementRef {
  key: string;
  path: string;
  statement: Statement;
}

export interface PairCounts {
  rollsafeRule: string;
  squawkRules: readonly string[];
  both: number;
  rollsafeOnly: StatementRef[];
  squawkOnly: StatementRef[];
}

/** Statement-level agreement of every rollsafe rule that names squawk equivalents. */
export function compareWithSquawk(corpusDir: string): PairCounts[] {
  const { sets } = readMigrationSets([corpusDir], { cwd: corpusDir });
  const result = lintMigrationSets(sets, { rules: ALL_RULES, preset: "strict", locks: statementLocks, cwd: corpusDir });
  const statements = new Map<string, StatementRef[]>();
  for (const set of sets) {
    for (const m of set.migrations) {
      statements.set(resolve(corpusDir, m.path), parseSqlText(m.text).statements.map((statement, i) => ({ key: `${m.path}#${i}`, path: m.path, statement })));
    }
  }
  const statementAt = (file: string, line: number): StatementRef | undefined =>
    statements.get(resolve(corpusDir, file))?.find((s) => s.statement.range.start.line <= line && line <= s.statement.range.end.line);

  const rollsafeHits = new Map<string, Set<string>>();
  for (const finding of result.findings as Finding[]) {
    const ref = statementAt(finding.path, finding.range.start.line);
    if (ref && !finding.overridden) add(rollsafeHits, finding.ruleId, ref.key);
  }
  const squawkHits = new Map<string, Set<string>>();
  for (const v of runSquawk([...statements.keys()])) {
    const ref = statementAt(v.file, v.line + 1);
    if (ref) add(squawkHits, v.rule_name, ref.key);
  }
  const refs = new Map([...statements.values()].flat().map((r) => [r.key, r]));
  return ALL_RULES.filter((r) => (r.meta.equivalents?.squawk.length ?? 0) > 0).map((rule) => {
    const ours = rollsafeHits.get(rule.id) ?? new Set<string>();
    const theirs = new Set(rule.meta.equivalents!.squawk.flatMap((id) => [...(squawkHits.get(id) ?? [])]));
    return {
      rollsafeRule: rule.id,
      squawkRules: rule.meta.equivalents!.squawk,
      both: [...ours].filter((k) => theirs.has(k)).length,
      rollsafeOnly: [...ours].filter((k) => !theirs.has(k)).map((k) => refs.get(k)!),
      squawkOnly: [...theirs].filter((k) => !ours.has(k)).map((k) => refs.get(k)!),
    };
  });
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
