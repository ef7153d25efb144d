// The server reports an error position as a 1-based character (code point) index into the statement
// it was sent; reports speak of lines and UTF-16 columns in the file.
import type { SourceText, Statement } from "@rollsafe/parser";
import type { ServerError } from "../engine/engine.js";
import type { StatementError } from "../types.js";

/** The UTF-16 offset of the `position`-th code point of `text` (1-based), clamped to the text. */
function offsetOfCodePoint(text: string, position: number): number {
  let offset = 0;
  for (let i = 1; i < position && offset < text.length; i++) offset += (text.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  return offset;
}

export function statementError(error: ServerError, statement: Statement, source: SourceText): StatementError {
  const within = error.position !== undefined && error.position > 0 ? offsetOfCodePoint(statement.text, error.position) : 0;
  const at = source.position(statement.range.start.offset + within);
  return { message: error.message, line: at.line, column: at.column, ...(error.code ? { code: error.code } : {}) };
}
