// Where a key of a snapshot's JSON is, as a line and column: every `"<key>": {` of the text is indexed in
// one pass on first use (only when a message needs to point into the snapshot; drift checks do not ask).
import type { SourceLocation } from "../schema/types.js";

export function locator(text: string, file: string) {
  let lineStarts: number[] | undefined;
  let objectKeys: Map<string, number[]> | undefined;
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
    /** The first `"<key>": {` at or after `from` (the key given JSON-quoted, as it is written). */
    key(quoted: string, from: number): { offset: number; location: SourceLocation } | undefined {
      objectKeys ??= indexObjectKeys(text);
      const offsets = objectKeys.get(quoted);
      if (!offsets) return undefined;
      let lo = 0;
      let hi = offsets.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (offsets[mid]! < from) lo = mid + 1;
        else hi = mid;
      }
      const offset = offsets[lo];
      return offset === undefined ? undefined : { offset, location: position(offset) };
    },
    position,
  };
}

/** Offsets of every `"key": {` (an object-valued key: tables and columns), by the key as written. */
function indexObjectKeys(text: string): Map<string, number[]> {
  const keys = new Map<string, number[]>();
  const pattern = /("(?:[^"\\]|\\.)*")\s*:\s*\{/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const list = keys.get(match[1]!);
    if (list) list.push(match.index);
    else keys.set(match[1]!, [match.index]);
  }
  return keys;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
