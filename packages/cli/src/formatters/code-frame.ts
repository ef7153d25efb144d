import type { Range, SourceText } from "@rollsafe/parser";

/** Lines shown around a finding: the whole statement up to this many lines, then an ellipsis. */
const MAX_LINES = 6;

/** The statement's lines with a gutter, marking the finding's span with carets on its first line. */
export function codeFrame(source: SourceText, range: Range, paint: { dim: (s: string) => string; red: (s: string) => string }): string {
  const first = range.start.line;
  const last = Math.min(range.end.line, first + MAX_LINES - 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = source.lineText(line).replace(/\t/g, " ");
    out.push(`${paint.dim(`${String(line).padStart(width)} |`)} ${text}`);
    if (line === first) {
      const startCol = range.start.column;
      const endCol = range.end.line === line ? range.end.column : text.length + 1;
      out.push(`${paint.dim(`${" ".repeat(width)} |`)} ${" ".repeat(startCol - 1)}${paint.red("^".repeat(Math.max(1, endCol - startCol)))}`);
    }
  }
  if (range.end.line > last) out.push(paint.dim(`${" ".repeat(width)} | ...`));
  return out.join("\n");
}
