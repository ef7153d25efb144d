// A statement's tokens with offsets in the file: the tokenizer speaks bytes of the text it was given,
// rules and reports speak UTF-16 offsets of the whole file.
import { scanRaw, type ScanToken } from "./pg-wasm.js";
import { SourceText } from "./source-text.js";
import type { Statement } from "./statement.js";

export interface FileToken extends ScanToken {
  /** UTF-16 offsets into the file's text. */
  startOffset: number;
  endOffset: number;
}

/** The tokens of a statement (comments included), or an empty list when its text cannot be tokenized. */
export function statementTokens(statement: Statement): FileToken[] {
  let tokens: ScanToken[];
  try {
    tokens = scanRaw(statement.text);
  } catch {
    return [];
  }
  const local = new SourceText(statement.text);
  const base = statement.range.start.offset;
  return tokens.map((t) => ({ ...t, startOffset: base + local.offsetOfByte(t.start), endOffset: base + local.offsetOfByte(t.end) }));
}
