// Where a key of a snapshot's JSON is, as a line and column: found by searching the text (only when a
// message needs to point into the snapshot; drift checks do not ask for it).
import type { SourceLocation } from "../schema/types.js";

export function locator(text: string, file: string) {
  let lineStarts: number[] | undefined;
  const position = (offset: number): SourceLocation => {
    lineStarts ??= computeLineStarts(text);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  return {
    /** The first `"<key>":` at or after `from` (the key given JSON-quoted). */
    key(quoted: string, from: number): { offset: number; location: SourceLocation } | undefined {
      const pattern = new RegExp(`${quoted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`, "g");
      pattern.lastIndex = from;
      const match = pattern.exec(text);
      return match ? { offset: match.index, location: position(match.index) } : undefined;
    },
    position,
  };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
