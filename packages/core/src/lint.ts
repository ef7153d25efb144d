// The engine: replay each migration set in order, run the rules on the checked migrations with the
// schema as it was before each statement, apply overrides, and collect findings.
import { resolve } from "node:path";
import { DEFAULT_TRANSACTION_MODE, parseSqlText, SourceText, statementTokens, type SourceKind, type TransactionMode, type Comment, type Migration, type MigrationSet, type Range, type SqlFile, type Statement } from "@rollsafe/parser";
import { EDITED_APPLIED_MIGRATION, INVALID_OVERRIDE, OUT_OF_ORDER_MIGRATION, SYNTAX_ERROR, UNMODELED_STATEMENT, UNUSED_OVERRIDE } from "./builtin-checks.js";
import { isDirectiveComment, isDirectiveProblem, parseDirective, type OverrideDirective } from "./directives.js";
import { ruleDocsUrl } from "./docs-url.js";
import type { Finding, Severity } from "./finding.js";
import { replayStatement } from "./model/replay.js";
import { SchemaModel, type Origin } from "./model/schema-model.js";
import type { LockResolver } from "./locks.js";
import { MigrationTracker } from "./migration-context.js";
import { journalReports } from "./journal-checks.js";
import { formatMessage, type Preset, type Rule, type RuleContext } from "./rule.js";
import type { SetCheck, SetCheckReport, SetCheckRun } from "./set-check.js";

export interface LintOptions {
  /** Every rule known (enabled or not): override directives may name any of them. */
  rules: readonly Rule[];
  /** Severity per rule id; a rule missing here runs at its default severity. */
  severities?: ReadonlyMap<string, Severity | "off">;
  postgresVersion?: number;
  /** The minor release, when known (`postgres.version: "14.2"`). */
  postgresMinor?: number;
  /** Which rules run at their default severity; rules of a larger preset are off (default `recommended`). */
  preset?: Preset;
  /** Overrides every migration set's transaction mode (config `migrations.transaction`). */
  transaction?: TransactionMode;
  /** The locks each statement takes (from the rules package), to follow locks held through a transaction. */
  locks?: LockResolver;
  /**
   * Absolute paths of the migrations to check as one change (`--new`); the others are replayed as
   * history. Without it every migration is checked against the ones before it.
   */
  newPaths?: ReadonlySet<string>;
  /**
   * Several changes checked in one pass (a release timeline): absolute path -> the change (unit,
   * from 1) it belongs to. Migrations not listed are history. Takes precedence over `newPaths`.
   */
  units?: ReadonlyMap<string, number>;
  /**
   * What the migrations looked like at the merge base of a pull request (`--changed-since`), read from
   * git by the caller: turns on `edited-applied-migration` and `out-of-order-migration`.
   */
  history?: MergeBaseFacts;
  /** Checks over whole sets beside the statement rules (drizzle-kit snapshots: @rollsafe/drizzle's `snapshotChecks`). */
  setChecks?: readonly SetCheck[];
  /**
   * Called for every statement of a checked migration with the schema as it was before it (the
   * rules' context), before the statement is replayed: how the release verdicts look at statements
   * in the same pass (the new code against the old schema).
   */
  onStatement?: (statement: Statement, context: RuleContext, path: string) => void;
  cwd?: string;
  /** Where findings' docs links point (config `docsBaseUrl`; default: this release's docs on its tag). */
  docsBaseUrl?: string;
}

/** Facts about the merge base, with absolute paths (resolved against `cwd`, like `newPaths`). */
export interface MergeBaseFacts {
  /** How the merge base is named in messages (an abbreviated commit id). */
  base: string;
  /** The migrations whose file existed at the merge base. */
  existedAtBase: ReadonlySet<string>;
  /** The migrations that existed at the merge base and whose text has changed since (beyond whitespace). */
  edited: ReadonlySet<string>;
}

export interface FileSummary {
  path: string;
  statements: number;
  /** False when the file was only replayed as history. */
  checked: boolean;
}

export interface LintResult {
  files: FileSummary[];
  findings: Finding[];
  /**
   * The statements of checked migrations the rules could not fully analyse (DO blocks, function
   * bodies, dynamic SQL, syntax errors), whatever severity `unmodeled-statement` and `syntax-error`
   * are configured at: a verdict resting on them is "unknown", never safe.
   */
  unanalysed: UnanalysedStatement[];
}

/** A statement the rules could not fully analyse, or a file that could not be read (no range). */
export interface UnanalysedStatement {
  path: string;
  range?: Range;
  kind: "unmodeled" | "syntax-error" | "unreadable";
  /** Why: "a DO block runs procedural code", the parser's message, the read error. */
  why: string;
}

export const DEFAULT_POSTGRES_VERSION = 15;

export function lintMigrationSets(sets: readonly MigrationSet[], options: LintOptions): LintResult {
  const result: LintResult = { files: [], findings: [], unanalysed: [] };
  const engine = new Engine(options);
  for (const set of sets) engine.lintSet(set, result);
  return result;
}

/** One migration to check against the schema that the migrations before it built. */
export interface MigrationToCheck {
  migration: Migration;
  /** The layout of its folder: it decides the default transaction mode. */
  kind: SourceKind;
  /** The schema before the migration (e.g. from a ReplayCache). The migration is replayed into it: pass a copy you can spare. */
  model: SchemaModel;
  /** The check unit, which objects the migration creates carry (`rollsafe lint <folder>` numbers the migrations from 1, in order). */
  unit: number;
  /** `migration.text` already parsed (ESLint's parse step does it first). */
  parsed?: SqlFile;
}

/**
 * Checks one migration exactly as lintMigrationSets checks each migration of a folder (same rules,
 * overrides and engine checks), for callers that keep the earlier migrations' schema themselves:
 * the ESLint plugin lints the file in the editor against a cached model of the migrations before it.
 */
export function lintMigration(check: MigrationToCheck, options: LintOptions): Finding[] {
  const out = { findings: [] as Finding[], unanalysed: [] as UnanalysedStatement[] };
  new Engine(options).lintMigration(check.migration, check.kind, check.model, check.unit, true, out, check.parsed);
  return out.findings;
}

class Engine {
  private readonly byKind = new Map<string, Rule[]>();
  private readonly knownRuleIds: Set<string>;
  private readonly postgresVersion: number;
  private readonly cwd: string;

  constructor(private readonly options: LintOptions) {
    this.postgresVersion = options.postgresVersion ?? DEFAULT_POSTGRES_VERSION;
    this.cwd = options.cwd ?? process.cwd();
    this.knownRuleIds = new Set(options.rules.map((r) => r.id));
    for (const rule of options.rules) {
      if (this.severityOf(rule) === "off") continue;
      for (const kind of rule.meta.statementKinds) {
        let list = this.byKind.get(kind);
        if (!list) this.byKind.set(kind, (list = []));
        list.push(rule);
      }
    }
  }

  lintSet(set: MigrationSet, result: LintResult): void {
    const model = new SchemaModel();
    const newPaths = this.options.newPaths;
    const history = this.options.history;
    const lastExisting = history ? findLastIndex(set.migrations, (m) => history.existedAtBase.has(resolve(this.cwd, m.path))) : -1;
    const plan = set.migrations.map((migration) => {
      const unit = this.options.units?.get(resolve(this.cwd, migration.path));
      const checked = this.options.units ? unit !== undefined : !newPaths || newPaths.has(resolve(this.cwd, migration.path));
      return { unit, checked };
    });
    const checkedAt = plan.map((p) => p.checked);
    const runs = this.startSetChecks(set, checkedAt);
    for (const run of runs) run.seed?.(model);
    set.migrations.forEach((migration, index) => {
      if (history) this.checkAgainstBase(migration, history, index < lastExisting ? set.migrations[lastExisting] : undefined, result.findings);
      const { unit, checked } = plan[index]!;
      // With --new the whole change is one unit: a table created in any new migration is new in all of them.
      const origin: Origin = !checked ? "history" : (unit ?? (newPaths ? 1 : index + 1));
      const file = this.lintMigration(migration, set.kind, model, origin, checked, result);
      result.files.push({ path: migration.path, statements: file.statements.length, checked });
      for (const run of runs) {
        const reports = run.afterMigration({ migration, index, statements: file.statements, source: file.source, model, checked });
        if (checked) for (const report of reports) this.emitReport(result.findings, report);
      }
    });
    // A journal finding about a migration counts when that migration is checked; one about the folder
    // (a listed file that does not exist) when anything in it is.
    const anyChecked = checkedAt.length === 0 || checkedAt.includes(true);
    for (const { report, migration } of journalReports(set)) {
      if (migration === undefined ? anyChecked : checkedAt[migration]) this.emitReport(result.findings, report);
    }
  }

  private startSetChecks(set: MigrationSet, checked: readonly boolean[]): SetCheckRun[] {
    const runs: SetCheckRun[] = [];
    for (const check of this.options.setChecks ?? []) {
      if (check.rules.every((rule) => this.severityOf(rule) === "off")) continue;
      const run = check.begin(set, { cwd: this.cwd, checked });
      if (run) runs.push(run);
    }
    return runs;
  }

  private emitReport(findings: Finding[], report: SetCheckReport): void {
    this.emit(findings, report.rule, report.path, report.range, report.data, report.messageId);
  }

  /** `edited-applied-migration` and `out-of-order-migration`, reported on the file's first line. */
  private checkAgainstBase(migration: Migration, history: MergeBaseFacts, laterExisting: Migration | undefined, findings: Finding[]): void {
    const path = resolve(this.cwd, migration.path);
    const existed = history.existedAtBase.has(path);
    if (!history.edited.has(path) && (existed || !laterExisting)) return;
    const source = new SourceText(migration.text);
    const firstLineEnd = /\r|\n/.exec(migration.text)?.index ?? migration.text.length;
    const range = source.range(0, firstLineEnd);
    if (existed && history.edited.has(path)) this.emit(findings, EDITED_APPLIED_MIGRATION, migration.path, range, { name: migration.name, base: history.base });
    if (!existed && laterExisting) this.emit(findings, OUT_OF_ORDER_MIGRATION, migration.path, range, { name: migration.name, existing: laterExisting.name, base: history.base });
  }

  /** Checks (or only replays) one migration; its findings and unanalysed statements go into `out`. */
  lintMigration(migration: Migration, kind: SourceKind, model: SchemaModel, origin: Origin, checked: boolean, out: Pick<LintResult, "findings" | "unanalysed">, parsed?: SqlFile): SqlFile {
    const findings = out.findings;
    const file = parsed ?? parseSqlText(migration.text);
    // An idempotent DO block (drizzle-kit's guarded foreign keys) is checked and replayed as the statement it runs.
    const statements = file.statements.map((s) => s.guarded ?? s);
    const tracker = new MigrationTracker(migration.transaction ?? this.options.transaction ?? DEFAULT_TRANSACTION_MODE[kind], statements);
    if (checked) {
      for (const issue of file.syntaxIssues) {
        this.emit(findings, SYNTAX_ERROR, migration.path, issue.range, { message: `Syntax error: ${issue.message}` });
        out.unanalysed.push({ path: migration.path, range: issue.range, kind: "syntax-error", why: `syntax error: ${issue.message}` });
      }
    }
    const context: RuleContext = { model, unit: typeof origin === "number" ? origin : -1, postgresVersion: this.postgresVersion, source: file.source, migration: tracker.contextFor(0) };
    if (this.options.postgresMinor !== undefined) context.postgresMinor = this.options.postgresMinor;
    statements.forEach((statement, index) => {
      context.migration = tracker.contextFor(index);
      if (checked) {
        this.checkStatement(statement, context, migration.path, findings, statement !== file.statements[index]);
        this.options.onStatement?.(statement, context, migration.path);
      }
      const locks = this.options.locks?.(statement, model) ?? [];
      tracker.advance(statement, locks);
      const why = replayStatement(model, statement, origin);
      if (why && checked) {
        this.emit(findings, UNMODELED_STATEMENT, migration.path, statement.range, { why });
        out.unanalysed.push({ path: migration.path, range: statement.range, kind: "unmodeled", why });
      }
    });
    if (checked) this.reportMisplacedDirectives(file, migration.path, findings);
    return file;
  }

  /** `guarded`: the statement runs inside a DO block, where a rewrite of it as a migration statement does not fit: no fix. */
  private checkStatement(statement: Statement, context: RuleContext, path: string, findings: Finding[], guarded = false): void {
    const found: Finding[] = [];
    for (const rule of this.byKind.get(statement.kind) ?? []) {
      for (const report of rule.check(statement, context)) {
        const finding = this.emit(found, rule, path, report.range ?? statement.range, report.data, report.messageId, report.saferAlternative);
        if (finding && report.fix && !guarded) finding.fix = report.fix;
        if (finding) finding.statementSpan = { start: statement.range.start.offset, end: statement.range.end.offset };
      }
    }
    // Most statements carry no comment at all: no directive to parse.
    if (statement.leadingComments.length > 0 || statement.trailingComments.length > 0) this.applyOverrides(statement, path, found, findings);
    for (const finding of found) findings.push(finding);
  }

  private applyOverrides(statement: Statement, path: string, found: Finding[], findings: Finding[]): void {
    const comments: Comment[] = [...statement.leadingComments, ...statement.trailingComments].filter(isDirectiveComment);
    for (const comment of comments) {
      const directive = parseDirective(comment, this.knownRuleIds);
      if (isDirectiveProblem(directive)) {
        this.emit(findings, INVALID_OVERRIDE, path, directive.range, { message: directive.message });
        continue;
      }
      const allowed = found.filter((f) => matches(directive, f));
      for (const finding of allowed) finding.overridden = { reason: directive.reason, directive: directive.range };
      if (allowed.length === 0) {
        const rules = directive.rules.length > 0 ? ` from ${directive.rules.join(", ")}` : "";
        this.emit(findings, UNUSED_OVERRIDE, path, directive.range, { category: directive.category, rules });
      }
    }
  }

  /**
   * A directive inside a statement (below its first line) or after the file's last statement
   * applies to nothing; saying so beats silently ignoring a decision someone wrote down.
   */
  private reportMisplacedDirectives(file: SqlFile, path: string, findings: Finding[]): void {
    for (const comment of file.endComments.filter(isDirectiveComment)) {
      this.emit(findings, UNUSED_OVERRIDE, path, comment.range, { where: "after the last statement of the file" }, "misplaced");
    }
    for (const statement of file.statements) {
      if (!MAYBE_DIRECTIVE.test(statement.text)) continue;
      const attached = new Set(statement.trailingComments.map((c) => c.range.start.offset));
      for (const comment of commentsInside(file, statement)) {
        if (!attached.has(comment.range.start.offset) && isDirectiveComment(comment)) {
          this.emit(findings, UNUSED_OVERRIDE, path, comment.range, { where: "inside a statement, below its first line" }, "misplaced");
        }
      }
    }
  }

  private severityOf(rule: Rule): Severity | "off" {
    const configured = this.options.severities?.get(rule.id);
    if (configured) return configured;
    const inPreset = (rule.meta.preset ?? "recommended") === "recommended" || this.options.preset === "strict";
    return inPreset ? rule.meta.severity : "off";
  }

  private emit(into: Finding[], rule: Rule, path: string, range: Range, data?: Record<string, string>, messageId = "default", saferAlternative?: string): Finding | undefined {
    const severity = this.severityOf(rule);
    if (severity === "off") return undefined;
    const template = (rule.meta.messages as Record<string, string>)[messageId] ?? messageId;
    const finding: Finding = { ruleId: rule.id, category: rule.meta.category, categories: [rule.meta.category, ...(rule.meta.alsoCategories ?? [])], severity, message: formatMessage(template, data), messageId, path, range, docsUrl: ruleDocsUrl(rule.id, this.options.docsBaseUrl) };
    if (data) finding.data = data;
    if (saferAlternative) finding.saferAlternative = saferAlternative;
    into.push(finding);
    return finding;
  }
}

const MAYBE_DIRECTIVE = /compat\s*:/i;

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

/** The comments inside a statement's text, from the real tokenizer (only called when one may be a directive). */
function commentsInside(file: SqlFile, statement: Statement): Comment[] {
  return statementTokens(statement)
    .filter((t) => t.tokenName === "SQL_COMMENT" || t.tokenName === "C_COMMENT")
    .map((t) => ({ text: t.text, kind: t.tokenName === "SQL_COMMENT" ? "line" : "block", range: file.source.range(t.startOffset, t.endOffset) }));
}

function matches(directive: OverrideDirective, finding: Finding): boolean {
  if (!finding.categories.includes(directive.category)) return false;
  return directive.rules.length === 0 || directive.rules.includes(finding.ruleId);
}

/** Counts for the summary line and the exit code. Overridden and baselined findings never fail a run. */
export function summarize(findings: readonly Finding[]): { errors: number; warnings: number; notes: number; overridden: number; baselined: number } {
  const summary = { errors: 0, warnings: 0, notes: 0, overridden: 0, baselined: 0 };
  for (const f of findings) {
    if (f.overridden) summary.overridden++;
    else if (f.baselined) summary.baselined++;
    else if (f.severity === "error") summary.errors++;
    else if (f.severity === "warn") summary.warnings++;
    else summary.notes++;
  }
  return summary;
}
