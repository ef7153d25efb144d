// Runs squawk (the squawk-cli devDependency's native binary) and rollsafe on the same migrations and
// pairs their verdicts statement by statement, for the rules that rollsafe's metadata names as
// equivalents (meta.equivalents.squawk). Used by test/squawk-differential.test.ts and
// bench/squawk-differential.mjs.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { columnTypeOf, lintMigrationSets, MigrationTracker, nameOfRangeVar, replayStatement, SchemaModel, typeChangeVerdict, type Finding } from "@rollsafe/core";
import { DEFAULT_TRANSACTION_MODE, parseSqlText, readMigrationSets, type Statement } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import { replacedForeignKey } from "../../rules/support/foreign-key-readd.js";

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
  /** What the schema model knew about the statement (see statementFacts): the classes use these. */
  facts: Set<string>;
}

export interface PairCounts {
  rollsafeRule: string;
  squawkRules: readonly string[];
  both: number;
  rollsafeOnly: StatementRef[];
  squawkOnly: StatementRef[];
}

/**
 * The pairs that check the same thing, so that a statement-level comparison means something. Other
 * equivalents in the rules' metadata are squawk's lock checks firing on the same statement for
 * another reason (e.g. constraint-missing-not-valid on a CHECK that breaks old code), or rules whose
 * granularity differs (require-lock-timeout: squawk per statement, rollsafe once per migration);
 * docs/comparison.md lists them. Every pair here must come from the rule's own metadata (a test checks).
 */
export const SAME_CHECK: Record<string, readonly string[]> = {
  "adding-required-column": ["adding-required-field"],
  "adding-unique-constraint": ["disallowed-unique-constraint"],
  "adding-foreign-key": ["adding-foreign-key-constraint"],
  "changing-column-type": ["changing-column-type"],
  "dropping-column": ["ban-drop-column"],
  "dropping-table": ["ban-drop-table"],
  "dropping-not-null": ["ban-drop-not-null"],
  "renaming-column": ["renaming-column"],
  "renaming-table": ["renaming-table"],
  "setting-not-null": ["adding-not-nullable-field"],
  "require-concurrent-index-creation": ["require-concurrent-index-creation"],
  "require-concurrent-index-deletion": ["require-concurrent-index-deletion"],
  "concurrently-in-transaction": ["ban-concurrent-index-creation-in-transaction"],
  "identifier-too-long": ["identifier-too-long"],
  "prefer-bigint": ["prefer-bigint-over-int", "prefer-bigint-over-smallint"],
  "prefer-identity": ["prefer-identity"],
  "prefer-text": ["prefer-text-field"],
  "ban-char-field": ["ban-char-field"],
};

/** Statement-level agreement of every pair in SAME_CHECK. */
export function compareWithSquawk(corpusDir: string): PairCounts[] {
  const { sets } = readMigrationSets([corpusDir], { cwd: corpusDir });
  const result = lintMigrationSets(sets, { rules: ALL_RULES, preset: "strict", locks: statementLocks, cwd: corpusDir });
  const statements = new Map<string, StatementRef[]>();
  for (const set of sets) {
    const model = new SchemaModel();
    set.migrations.forEach((m, unit) => {
      const parsed = parseSqlText(m.text).statements;
      const tracker = new MigrationTracker(m.transaction ?? DEFAULT_TRANSACTION_MODE[set.kind], parsed);
      const refs = parsed.map((statement, i) => {
        const facts = statementFacts(statement, model, unit + 1);
        if (tracker.contextFor(i).inTransaction) facts.add("in-transaction");
        tracker.advance(statement, statementLocks(statement));
        replayStatement(model, statement, unit + 1);
        return { key: `${m.path}#${i}`, path: m.path, statement, facts };
      });
      statements.set(resolve(corpusDir, m.path), refs);
    });
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
  return Object.entries(SAME_CHECK).map(([ruleId, squawkRules]) => {
    const ours = rollsafeHits.get(ruleId) ?? new Set<string>();
    const theirs = new Set(squawkRules.flatMap((id) => [...(squawkHits.get(id) ?? [])]));
    return {
      rollsafeRule: ruleId,
      squawkRules,
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

type Node = Record<string, unknown>;

/**
 * Facts about a statement from the schema before it: whether its table or columns are new in the
 * same migration, whether a type change is a compatible widening, and the statement's shape.
 */
export function statementFacts(statement: Statement, model: SchemaModel, unit: number): Set<string> {
  const facts = new Set<string>();
  if (statement.guarded) facts.add("guarded-do-block");
  const body = (statement.node as Node)[statement.kind] as Node;
  const table = nameOfRangeVar(body.relation as never);
  const known = table ? model.tables.get(table) : undefined;
  if (known?.origin === unit) facts.add("table-new");
  if (statement.kind === "DropStmt") {
    facts.add(`drop:${String(body.removeType)}`);
    facts.add("names-existing-object");
    for (const o of (body.objects as Node[] | undefined) ?? []) {
      const items = ((o.List as Node | undefined)?.items ?? []) as Array<{ String?: { sval?: string } }>;
      const name = items.map((i) => i.String?.sval).filter(Boolean);
      const q = name.length > 1 ? name.join(".") : `public.${name[0]}`;
      if (model.tables.get(q)?.origin === unit) facts.add("table-new");
    }
  }
  if (statement.kind === "IndexStmt" && body.unique) facts.add("unique-index");
  if (statement.kind === "RenameStmt" && known?.columns.get(String(body.subname))?.origin === unit) facts.add("column-new");
  if (/\b(small|big)?serial\b|GENERATED\s+(ALWAYS|BY DEFAULT)\s+AS\s+IDENTITY/i.test(statement.text)) facts.add("serial-or-identity");
  for (const c of (body.cmds as Node[] | undefined) ?? []) {
    const cmd = c.AlterTableCmd as Node | undefined;
    if (!cmd) continue;
    const column = cmd.name ? known?.columns.get(String(cmd.name)) : undefined;
    if (column?.origin === unit) facts.add("column-new");
    // Whatever an ADD COLUMN declares (REFERENCES, UNIQUE) is about a column old code never wrote.
    if (cmd.subtype === "AT_AddColumn") facts.add("column-new");
    if (cmd.subtype === "AT_DropConstraint") facts.add("names-existing-object");
    if (/\[\]/.test(statement.text)) facts.add("array-column");
    const def = cmd.def as Node | undefined;
    const constraint = def?.Constraint as Node | undefined;
    if (constraint?.contype === "CONSTR_PRIMARY") facts.add("primary-key");
    if (constraint?.contype === "CONSTR_FOREIGN" && known && replacedForeignKey(known, constraint as never, unit)) facts.add("foreign-key-readded");
    if (constraint && (constraint.contype === "CONSTR_UNIQUE" || constraint.contype === "CONSTR_PRIMARY" || constraint.contype === "CONSTR_FOREIGN")) {
      const keys = (((constraint.contype === "CONSTR_FOREIGN" ? constraint.fk_attrs : constraint.keys) as Array<{ String?: { sval?: string } }> | undefined) ?? []).map((k) => k.String?.sval ?? "");
      if (keys.length > 0 && keys.every((k) => known?.columns.get(k)?.origin === unit)) facts.add("column-new");
    }
    if (cmd.subtype === "AT_AlterColumnType") {
      const to = columnTypeOf((def?.ColumnDef as Node | undefined)?.typeName as never);
      const from = column?.type;
      if (from && to && typeChangeVerdict(from, to).compatible) facts.add("compatible-type-change");
      if (to && model.enums.has(to.name.includes(".") ? to.name : `public.${to.name}`)) facts.add("enum-type-change");
    }
  }
  return facts;
}
