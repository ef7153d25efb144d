import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";

/** Larger files are not migrations anyone reviews; reading them would only stall the run. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A file's text, or a one-line reason why it cannot be a migration. */
export type TextOrProblem = { text: string } | { problem: string };

export function readMigrationText(path: string): TextOrProblem {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    return { problem: describeFsError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { problem: "is a directory, expected a .sql file" };
    if (!stat.isFile()) return { problem: "is not a regular file" };
    if (stat.size > MAX_FILE_BYTES) {
      return { problem: `is ${formatMiB(stat.size)}, over the ${formatMiB(MAX_FILE_BYTES)} limit for one migration file; skipped` };
    }
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return decode(bytes.subarray(0, read));
  } catch (error) {
    return { problem: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Buffer): TextOrProblem {
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { problem: `is a binary file (NUL byte at offset ${nul}), not SQL text` };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: `is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8` };
  }
}

function firstInvalidUtf8(bytes: Buffer): number {
  // Binary search on the longest valid prefix: decoding is all-or-nothing.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Node's fs errors as a short phrase: `no such file or directory`, `symlink loop`, ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "cannot read: permission denied";
    case "ELOOP":
      return "is a symlink loop";
    case "EISDIR":
      return "is a directory, expected a .sql file";
    case "ENOTDIR":
      return "a parent of this path is not a directory";
    default:
      return `cannot read: ${(error as Error).message}`;
  }
}

/** stat() that reports a problem instead of throwing. */
export function statOrProblem(path: string): { isDirectory: boolean } | { problem: string } {
  try {
    return { isDirectory: statSync(path).isDirectory() };
  } catch (error) {
    return { problem: describeFsError(error) };
  }
}
