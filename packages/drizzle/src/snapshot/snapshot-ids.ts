// A snapshot's `id` and `prevId`, read from the start of the file: drizzle-kit writes them near the top
// (JSON.stringify with 2-space indentation, also when a formatter sorted the keys), so the chain check
// reads a few kilobytes of each snapshot instead of parsing it. Undefined when they are not found there
// (the caller then parses the whole file).
import { closeSync, openSync, readSync } from "node:fs";

const HEAD_BYTES = 16 * 1024;
const TOP_LEVEL_ID = /^ {2}"(id|prevId)": "([^"\\]*)"/gm;

export function readSnapshotIds(path: string): { id: string; prevId: string } | undefined {
  const fd = openSync(path, "r");
  let head: string;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    head = buffer.toString("utf8", 0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  const found: Record<string, string> = {};
  for (const match of head.matchAll(TOP_LEVEL_ID)) found[match[1]!] ??= match[2]!;
  return found.id !== undefined && found.prevId !== undefined ? { id: found.id, prevId: found.prevId } : undefined;
}
