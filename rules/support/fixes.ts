// Meaning-preserving rewrites for `rollsafe lint --fix`. Each returns undefined when it cannot be
// sure the rewrite keeps the statement's meaning (then the finding keeps only its safer alternative).
import type { Fix, RuleContext } from "@rollsafe/core";
import { statementTokens, type Statement } from "@rollsafe/parser";

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
 *
 * One insertion right after the statement's last token: whatever followed it (spaces, a comment, the
 * `;`, or nothing at the end of the file) now follows the VALIDATE, so a comment never swallows SQL and
 * a statement without its `;` stays valid.
 */
export function notValidSplitFix(statement: Statement, context: RuleContext, table: string, constraint: string | undefined, commands: number): Fix | undefined {
  if (context.migration.inTransaction || commands !== 1 || !constraint) return undefined;
  const end = codeEnd(statement);
  if (end === undefined) return undefined;
  return {
    title: "add the constraint NOT VALID, then VALIDATE CONSTRAINT in its own statement",
    edits: [{ start: end, end, text: ` NOT VALID;\nALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}` }],
  };
}

/**
 * A `SET lock_timeout` line before the first statement that needs an ACCESS EXCLUSIVE lock, above the
 * comments right before it: a `-- compat:` override there must stay attached to its statement.
 */
export function lockTimeoutPreludeFix(statement: Statement, context: RuleContext): Fix {
  const at = attachedCommentsStart(statement, context.source.text);
  const setting = context.migration.inTransaction ? "SET LOCAL lock_timeout = '5s';" : "SET lock_timeout = '5s';";
  return { title: `add "${setting}" before the statement`, edits: [{ start: at, end: at, text: `${setting}\n` }] };
}

/** The offset just after the statement's last token that is not a comment (undefined when it cannot be tokenized). */
function codeEnd(statement: Statement): number | undefined {
  const tokens = statementTokens(statement);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.tokenName !== "SQL_COMMENT" && token.tokenName !== "C_COMMENT") return token.endOffset;
  }
  return undefined;
}

/**
 * Where the statement's attached comments begin: the leading comments with nothing but one line break
 * (and spaces) between each and what follows it, back from the statement's start.
 */
function attachedCommentsStart(statement: Statement, text: string): number {
  let at = statement.range.start.offset;
  for (let i = statement.leadingComments.length - 1; i >= 0; i--) {
    const comment = statement.leadingComments[i]!;
    const gap = text.slice(comment.range.end.offset, at);
    if (!/^[ \t]*(\r?\n)?[ \t]*$/.test(gap)) break;
    at = comment.range.start.offset;
  }
  if (at === statement.range.start.offset) return at;
  // From the start of the first comment's line, when only indentation stands before it.
  let lineStart = at;
  while (lineStart > 0 && (text[lineStart - 1] === " " || text[lineStart - 1] === "\t")) lineStart--;
  return lineStart === 0 || text[lineStart - 1] === "\n" ? lineStart : at;
}

/** Spreads `{ fix }` into a report only when there is one (exactOptionalPropertyTypes-friendly). */
export function optionalFix(fix: Fix | undefined): { fix?: Fix } {
  return fix ? { fix } : {};
}
