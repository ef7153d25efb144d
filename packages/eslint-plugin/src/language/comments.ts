// Every comment of an SQL text, for ESLint's inline configuration (`-- eslint-disable-next-line ...`).
// The parser attaches only the comments around statements; comments inside a statement need the
// tokenizer, which runs only when the text mentions eslint at all.
import { scanRaw, type Comment, type SqlFile } from "@rollsafe/parser";

export function allComments(file: SqlFile): Comment[] {
  const source = file.source;
  try {
    return scanRaw(source.text)
      .filter((t) => t.tokenName === "SQL_COMMENT" || t.tokenName === "C_COMMENT")
      .map((t) => {
        const start = source.offsetOfByte(t.start);
        const end = source.offsetOfByte(t.end);
        return { text: source.text.slice(start, end), kind: t.tokenName === "SQL_COMMENT" ? "line" : "block", range: source.range(start, end) };
      });
  } catch {
    // A text the tokenizer rejects does not parse either, so ESLint never asks; keep what the parser attached.
    const attached = file.statements.flatMap((s) => [...s.leadingComments, ...s.trailingComments]);
    return [...attached, ...file.endComments].sort((a, b) => a.range.start.offset - b.range.start.offset);
  }
}
