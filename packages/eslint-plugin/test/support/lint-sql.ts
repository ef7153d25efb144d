// Lints SQL text through ESLint's Linter with the rollsafe language, the way an editor integration
// does (one file at a time, by path, with the file's current text).
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Linter } from "eslint";
import rollsafe, { type SqlLanguageOptions } from "eslint-plugin-rollsafe";
import { afterAll } from "vitest";

export type Severity = "off" | "warn" | "error";

/** The plugin's rules for SQL files (the others are the Drizzle schema rules, for TypeScript). */
export const SQL_RULE_IDS: readonly string[] = Object.entries(rollsafe.rules)
  .filter(([, rule]) => rule.meta?.languages?.includes("rollsafe/sql"))
  .map(([id]) => id);

/** Every SQL rule the plugin exposes, at `severity` (the CLI's fixture tests run every rule too). */
export function allRules(severity: Severity = "error"): Record<string, Severity> {
  return Object.fromEntries(SQL_RULE_IDS.map((id) => [`rollsafe/${id}`, severity]));
}

export interface LintSqlOptions {
  /** Absolute path the text is linted as (default: a file of its own in a fresh folder). */
  filename?: string;
  languageOptions?: SqlLanguageOptions;
  rules?: Record<string, Severity>;
  /** ESLint's own option: report `eslint-disable` comments that disable nothing. */
  reportUnusedDisableDirectives?: boolean;
}

export function lintSql(text: string, options: LintSqlOptions = {}): Linter.LintMessage[] {
  const filename = options.filename ?? join(makeFolder({}), "migration.sql");
  const linter = new Linter({ cwd: dirname(filename) });
  const config: Linter.Config[] = [
    {
      files: ["**/*.sql"],
      plugins: { rollsafe },
      language: "rollsafe/sql",
      ...(options.languageOptions ? { languageOptions: options.languageOptions } : {}),
      ...(options.reportUnusedDisableDirectives ? { linterOptions: { reportUnusedDisableDirectives: "error" as const } } : {}),
      rules: options.rules ?? allRules(),
    },
  ];
  return linter.verify(text, config, filename);
}

/** `line:col-endLine:endCol ruleId message`, the rendering of the CLI's fixture snapshots. */
export function render(message: Linter.LintMessage): string {
  return `${message.line}:${message.column}-${message.endLine}:${message.endColumn} ${message.ruleId?.replace(/^rollsafe\//, "")} ${message.message}`;
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/**
 * A fresh temp folder holding `files` (relative paths -> text); removed after the test file. The
 * files are dated a minute back, like files written before the editor opened them: a file modified
 * in the millisecond a folder is read is re-read on the next lint (it may have changed during the read).
 */
export function makeFolder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "rollsafe-eslint-"));
  folders.push(root);
  const before = new Date(Date.now() - 60_000);
  for (const [relative, text] of Object.entries(files)) {
    const path = join(root, ...relative.split("/"));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    utimesSync(path, before, before);
  }
  return root;
}
