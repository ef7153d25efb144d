// A rollsafe finding as an ESLint report: the rule's own message template and data, the finding's
// range, its meaning-preserving fix as the autofix, and two suggestions: the safer alternative
// and an override to acknowledge the finding.
import type { SuggestedEdit, ViolationReport, ViolationReportBase } from "@eslint/core";
import type { Finding } from "@rollsafe/core";

/** Message ids the adapter adds to every rule's own messages. */
export const SUGGESTION_MESSAGES = {
  insertSaferAlternative: "Insert rollsafe's safer alternative above the statement, as a comment to act on (it may span several releases)",
  insertOverride: "Acknowledge it with a `-- compat: {{category}}[{{ruleId}}]` override (write the reason)",
} as const;

/** `text` is the file's text (the fix offsets are offsets into it); `messages` the ESLint rule's message ids. */
export function findingReport(finding: Finding, text: string, messages: Readonly<Record<string, string>>): ViolationReport {
  const { start, end } = finding.range;
  const base: ViolationReportBase & { loc: { start: { line: number; column: number }; end: { line: number; column: number } } } = {
    loc: { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } },
  };
  const edits = finding.fix?.edits;
  if (edits) base.fix = (fixer) => edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text));
  const suggestions = suggestionsFor(finding, text);
  if (suggestions.length > 0) base.suggest = suggestions;
  // ESLint fills the same `{{name}}` template from the same data; a message id the rule does not
  // declare (the engine then uses the id as the text) is passed on as the finding's text.
  if (finding.messageId !== undefined && Object.hasOwn(messages, finding.messageId)) {
    return { ...base, messageId: finding.messageId, ...(finding.data ? { data: finding.data } : {}) };
  }
  return { ...base, message: finding.message };
}

function suggestionsFor(finding: Finding, text: string): SuggestedEdit[] {
  const span = finding.statementSpan;
  if (!span) return [];
  const at = insertionPoint(text, span.start);
  const suggestions: SuggestedEdit[] = [];
  const alternative = finding.saferAlternative;
  if (alternative) {
    suggestions.push({ messageId: "insertSaferAlternative", fix: (fixer) => fixer.insertTextBeforeRange([at.offset, at.offset], commented(alternative, finding.ruleId, at)) });
  }
  if (finding.category !== "analysis") {
    const directive = `-- compat: ${finding.category}[${finding.ruleId}] (reason: )`;
    suggestions.push({
      messageId: "insertOverride",
      data: { category: finding.category, ruleId: finding.ruleId },
      fix: (fixer) => fixer.insertTextBeforeRange([at.offset, at.offset], `${at.prefix}${directive}${at.eol}`),
    });
  }
  return suggestions;
}

/**
 * Where text goes "above the statement": the start of its line, indented like it, when only
 * indentation precedes it; else just before the statement, which then starts a line of its own
 * (`SELECT 1; DROP TABLE t;`). Either way the inserted text ends with a line break.
 */
function insertionPoint(text: string, statementStart: number): InsertionPoint {
  // The file's own line breaks (CRLF stays CRLF).
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? "\n";
  let lineStart = statementStart;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  const before = text.slice(lineStart, statementStart);
  if (/^[ \t]*$/.test(before)) return { offset: lineStart, indent: before, prefix: before, eol };
  return { offset: statementStart, indent: "", prefix: eol, eol };
}

interface InsertionPoint {
  offset: number;
  /** What starts each inserted line. */
  indent: string;
  /** What precedes the inserted text. */
  prefix: string;
  eol: string;
}

/**
 * The alternative kept out of the migration's effect: a block comment (PostgreSQL's nest, so one
 * inside the alternative would need care: then line comments). Placeholders such as <value> stay
 * for the developer to fill in when moving the SQL out of the comment.
 */
function commented(alternative: string, ruleId: string, at: InsertionPoint): string {
  const header = `rollsafe safer alternative (${ruleId}):`;
  const lines = alternative.split(/\r\n|\r|\n/);
  const body = alternative.includes("/*") || alternative.includes("*/") ? [`-- ${header}`, ...lines.map((l) => `-- ${l}`)] : [`/* ${header}`, ...lines, "*/"];
  return `${at.prefix}${body.join(`${at.eol}${at.indent}`)}${at.eol}`;
}
