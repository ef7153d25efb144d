// Meaning-preserving rewrites for `rollsafe lint --fix`. Each returns undefined when it cannot be
// sure the rewrite keeps the statement's meaning (then the finding keeps only its safer alternative).
import type { Fix, RuleContext } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";

/** `CREATE [UNIQUE] INDEX` -> `CREATE [UNIQUE] INDEX CONCURRENTLY`, only where no transaction is open (else it would fail). */
export function concurrentIndexFix(statement: Statement, context: RuleContext): Fix | undefined {
  if (context.migration.inTransaction) return undefined;
  const match = /^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.exec(statement.text);
  if (!match) return undefined;
  const at = statement.range.start.offset + match[0].length;
  return { title: "build the index with CONCURRENTLY", edits: [{ start: at, end: at, text: " CONCURRENTLY" }] };
}

/**
 * `ALTER TABLE t ADD CONSTRAINT c ...;` -> `... NOT VALID;` plus `ALTER TABLE t VALIDATE CONSTRAINT c;`:
 * the constraint ends up validated either way. Only for a one-command statement with a named
 * constraint, outside a transaction (inside one, the two steps would share it and gain nothing).
 */
export function notValidSplitFix(statement: Statement, context: RuleContext, table: string, constraint: string | undefined, commands: number): Fix | undefined {
  if (context.migration.inTransaction || commands !== 1 || !constraint) return undefined;
  const end = statement.range.end.offset;
  const text = context.source.text;
  const semicolon = text.charCodeAt(end) === 59 /* ; */ ? end + 1 : end;
  return {
    title: "add the constraint NOT VALID, then VALIDATE CONSTRAINT in its own statement",
    edits: [
      { start: end, end, text: " NOT VALID" },
      { start: semicolon, end: semicolon, text: `${semicolon === end ? ";" : ""}\nALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint};` },
    ],
  };
}

/** A `SET lock_timeout` line before the first statement that needs an ACCESS EXCLUSIVE lock. */
export function lockTimeoutPreludeFix(statement: Statement, context: RuleContext): Fix {
  const at = statement.range.start.offset;
  const setting = context.migration.inTransaction ? "SET LOCAL lock_timeout = '5s';" : "SET lock_timeout = '5s';";
  return { title: `add "${setting}" before the statement`, edits: [{ start: at, end: at, text: `${setting}\n` }] };
}

/** Spreads `{ fix }` into a report only when there is one (exactOptionalPropertyTypes-friendly). */
export function optionalFix(fix: Fix | undefined): { fix?: Fix } {
  return fix ? { fix } : {};
}
