// SQL text with its layout taken out, so that re-indenting, re-wrapping or changing line endings
// leaves it equal: `edited-applied-migration` ignores whitespace-only edits, and baseline fingerprints
// survive a statement moving or being re-formatted.
import { isIdentifierPart } from "@rollsafe/parser";

/**
 * Drops every run of whitespace, except a single space between two word characters (where removing
 * it would join two tokens). Whitespace inside string literals and comments is treated the same way:
 * good enough to tell a re-formatting from an edit.
 */
export function normalizeSqlLayout(text: string): string {
  return text.replace(/\s+/g, (run: string, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const after = whole[offset + run.length];
    return before !== undefined && after !== undefined && isIdentifierPart(before.charCodeAt(0)) && isIdentifierPart(after.charCodeAt(0)) ? " " : "";
  });
}
