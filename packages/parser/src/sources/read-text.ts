import { isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync } from "node:fs";

/** Larger files are not migrations anyone reviews; reading them would only stall the run. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;


/** A file's text, or a one-line reason why it cannot be a migration. */
export type TextOrProblem = { text: string } | { problem: string; /** The path does not exist (and is not a broken symlink). */ missing?: boolean };

export function readMigrationText(path: string): TextOrProblem {
  let fd: number;
  try {
    // Non-blocking, so that a named pipe is refused below instead of waiting for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const problem = describePathError(path, error);
    return problem === describeFsError(error) && (error as NodeJS.ErrnoException).code === "ENOENT" ? { problem, missing: true } : { problem };
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
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: "is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8" };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { problem: `is a binary file (NUL byte at offset ${nul}), not SQL text` };
  // isUtf8 validates natively (simdutf); only then is the text decoded.
  // A UTF-8 byte-order mark is not text (TextDecoder drops it too).
  if (isUtf8(bytes)) return { text: bytes.toString("utf8", bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0) };
  const bad = firstInvalidUtf8(bytes);
  return { problem: `is not valid UTF-8 (first bad byte at offset ${bad}, line ${lineOfByte(bytes, bad)}); save it as UTF-8` };
}

/** Offset of the first byte of the first invalid UTF-8 sequence (the rules TextDecoder applies). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const more = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (more === 0) return i;
    for (let k = 1; k <= more; k++) {
      const next = bytes[i + k];
      // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
      const min = k === 1 && lead === 0xe0 ? 0xa0 : k === 1 && lead === 0xf0 ? 0x90 : 0x80;
      const max = k === 1 && lead === 0xed ? 0x9f : k === 1 && lead === 0xf4 ? 0x8f : 0xbf;
      if (next === undefined || next < min || next > max) return i;
    }
    i += more + 1;
  }
  return bytes.length;
}

function lineOfByte(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let at = bytes.indexOf(10); at !== -1 && at < offset; at = bytes.indexOf(10, at + 1)) line++;
  return line;
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

/** describeFsError, telling a broken symlink (the link exists, its target does not) from a missing path. */
export function describePathError(path: string, error: unknown): string {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") {
    try {
      if (lstatSync(path).isSymbolicLink()) return `is a broken symlink (its target ${readlinkSync(path)} does not exist)`;
    } catch {
      // Not there at all.
    }
  }
  return describeFsError(error);
}

/** stat() that reports a problem instead of throwing. */
export function statOrProblem(path: string): { isDirectory: boolean } | { problem: string } {
  try {
    return { isDirectory: statSync(path).isDirectory() };
  } catch (error) {
    return { problem: describePathError(path, error) };
  }
}
