// Runs the per-rule fixtures (fixtures/rules/<id>/{bad,good}.sql) through the real engine.
// The fixture convention is documented in fixtures/rules/README.md.
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FOLDER_CHECKS, lintMigrationSets, type Finding, type Rule } from "@rollsafe/core";
import { snapshotChecks } from "@rollsafe/drizzle";
import { readMigrationSets, TRANSACTION_MODES, type Migration, type TransactionMode } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, "fixtures/rules");
export const FIXTURE_KINDS = ["bad", "good"] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

/**
 * Checks that compare the migrations with a git merge base (`--changed-since`): a fixture file cannot
 * hold a git history, so they have no fixtures and their docs examples are not linted; they are tested
 * on real repositories in test/changed-since.test.ts.
 */
export const NEEDS_GIT_HISTORY: ReadonlySet<string> = new Set(["edited-applied-migration", "out-of-order-migration", "override-needs-signoff"]);

/**
 * Checks about a whole drizzle-kit folder (journal, snapshots): their fixtures are folders `bad/` and
 * `good/`, linted whole (fixtures/rules/README.md, "Folder fixtures").
 */
export const FOLDER_FIXTURES: ReadonlySet<string> = new Set(FOLDER_CHECKS.map((rule) => rule.id));

const MARKER = /^[ \t]*--[ \t]*rollsafe-fixture:[ \t]*(\S*)[ \t]*$/;

/** The two migrations of a fixture text; each keeps the file's line and column numbers. */
export interface FixtureParts {
  /** Replayed only (never checked); undefined when the fixture has no markers. */
  history: string | undefined;
  /** The migration being checked. */
  change: string;
}

/**
 * Splits a fixture at its `-- rollsafe-fixture: history` / `-- rollsafe-fixture: change` marker lines.
 * Each part is the whole text with everything outside the part (and the marker lines) replaced by
 * spaces, line breaks kept, so that findings point at the fixture's own lines and columns.
 */
export function splitFixture(text: string): FixtureParts {
  const lines = text.match(/[^\r\n]*(?:\r\n|\r|\n|$)/g) ?? [];
  const markers: { name: string; start: number; end: number }[] = [];
  let offset = 0;
  for (const line of lines) {
    const name = MARKER.exec(line.replace(/[\r\n]+$/, ""))?.[1];
    if (name !== undefined) markers.push({ name, start: offset, end: offset + line.length });
    offset += line.length;
  }
  if (markers.length === 0) return { history: undefined, change: text };
  const [history, change, ...extra] = markers;
  if (history?.name !== "history" || change?.name !== "change" || extra.length > 0) {
    throw new Error(`a fixture has either no markers, or "-- rollsafe-fixture: history" followed by "-- rollsafe-fixture: change"; found: ${markers.map((m) => m.name).join(", ")}`);
  }
  const keep = (from: number, to: number) => blank(text.slice(0, from)) + text.slice(from, to) + blank(text.slice(to));
  const historyText = keep(history.end, change.start);
  const changeText = keep(change.end, text.length);
  return { history: historyText, change: changeText };
}

function blank(text: string): string {
  return text.replace(/[^\r\n]/g, " ");
}

/** Path of a rule's fixture, relative to the repository root (how findings show it). */
export function fixturePath(ruleId: string, kind: FixtureKind): string {
  return `fixtures/rules/${ruleId}/${kind}.sql`;
}

export function fixtureExists(ruleId: string, kind: FixtureKind): boolean {
  if (FOLDER_FIXTURES.has(ruleId)) return existsSync(join(REPO_ROOT, folderFixturePath(ruleId, kind), "meta", "_journal.json"));
  return existsSync(join(REPO_ROOT, fixturePath(ruleId, kind)));
}

/** A folder fixture, relative to the repository root. */
export function folderFixturePath(ruleId: string, kind: FixtureKind): string {
  return `fixtures/rules/${ruleId}/${kind}`;
}

/**
 * Lints a drizzle-kit folder the way `rollsafe lint <folder>` does (every migration checked, the
 * snapshot checks on); finding paths are made relative to the folder.
 */
export function lintFolderFixture(ruleId: string, kind: FixtureKind): Finding[] {
  const folder = folderFixturePath(ruleId, kind);
  const { sets, problems } = readMigrationSets([folder], { cwd: REPO_ROOT });
  if (problems.length > 0) throw new Error(`${folder}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  const { findings } = lintMigrationSets(sets, { rules: ALL_RULES, postgresVersion: 15, preset: "strict", locks: statementLocks, setChecks: [snapshotChecks], cwd: REPO_ROOT });
  return findings.map((f) => ({ ...f, path: relative(folder, f.path).split("\\").join("/") }));
}

export interface LintTextOptions {
  /** Shown as the finding's path. */
  path?: string;
  postgresVersion?: number;
  transaction?: TransactionMode;
}

const OPTIONS_MARKER = /^--[ \t]*rollsafe-fixture-options:(.*)$/m;

/**
 * A fixture may set how it is linted with a line such as
 * `-- rollsafe-fixture-options: postgres=11, transaction=all-pending` (see fixtures/rules/README.md).
 */
export function fixtureOptions(text: string): LintTextOptions {
  const line = OPTIONS_MARKER.exec(text)?.[1];
  const options: LintTextOptions = {};
  for (const pair of (line ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const [key, value = ""] = pair.split("=").map((p) => p.trim());
    if (key === "postgres") options.postgresVersion = Number(value);
    else if (key === "transaction" && (TRANSACTION_MODES as readonly string[]).includes(value)) options.transaction = value as TransactionMode;
    else throw new Error(`unknown fixture option "${pair}" (use postgres=<10-18>, transaction=<${TRANSACTION_MODES.join("|")}>)`);
  }
  return options;
}

/**
 * Lints one fixture-convention text with every rule, the way `rollsafe lint --new <change>` would:
 * the history part is replayed, only the change part is checked.
 */
export function lintFixtureText(text: string, options: LintTextOptions = {}): Finding[] {
  const path = options.path ?? "change.sql";
  options = { ...fixtureOptions(text), ...options };
  const { history, change } = splitFixture(text);
  const migrations: Migration[] = [];
  if (history !== undefined) migrations.push({ path: `${path}#history`, name: "history", text: history });
  migrations.push({ path, name: "change", text: change });
  const result = lintMigrationSets([{ root: path, kind: "plain", migrations }], {
    rules: ALL_RULES,
    postgresVersion: options.postgresVersion ?? 15,
    // Every rule runs, hygiene included, with the same lock knowledge as the CLI.
    preset: "strict",
    locks: statementLocks,
    ...(options.transaction ? { transaction: options.transaction } : {}),
    cwd: REPO_ROOT,
    newPaths: new Set([resolve(REPO_ROOT, path)]),
  });
  return result.findings;
}

export function lintFixture(ruleId: string, kind: FixtureKind): Finding[] {
  if (FOLDER_FIXTURES.has(ruleId)) return lintFolderFixture(ruleId, kind);
  const path = fixturePath(ruleId, kind);
  return lintFixtureText(readFileSync(join(REPO_ROOT, path), "utf8"), { path });
}

/** `line:col-endLine:endCol ruleId message`, plus the reason when an override allowed it. */
export function renderFinding(finding: Finding): string {
  const { start, end } = finding.range;
  const overridden = finding.overridden ? ` [overridden: ${finding.overridden.reason}]` : "";
  return `${start.line}:${start.column}-${end.line}:${end.column} ${finding.ruleId}${overridden} ${finding.message}`;
}

/** Findings in file order, rendered one per line; with `withPaths` (folder fixtures), by file, each line starting with its path. */
export function renderFindings(findings: readonly Finding[], withPaths = false): string {
  return [...findings]
    .sort((a, b) => (withPaths ? a.path.localeCompare(b.path) : 0) || a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset)
    .map((f) => (withPaths ? `${f.path}:${renderFinding(f)}` : renderFinding(f)))
    .join("\n");
}

/**
 * The message id a finding was reported with (findings carry the formatted text only): the one
 * template of the rule that the message matches, or undefined when none or several do.
 */
export function messageIdOf(rule: Rule, finding: Finding): string | undefined {
  const matching = Object.entries(rule.meta.messages as Record<string, string>).filter(([, template]) => templatePattern(template).test(finding.message));
  return matching.length === 1 ? matching[0]![0] : undefined;
}

function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\{\s*\w+\s*\}\}/);
  return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*?")}$`);
}
