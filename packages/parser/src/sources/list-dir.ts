import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describeFsError, describePathError } from "./read-text.js";
import type { SourceProblem } from "./types.js";

export interface DirEntry {
  name: string;
  path: string;
  isDirectory: boolean;
  isFile: boolean;
}

/** A folder's entries with symlinks followed; a broken link or a loop becomes a problem, not an exception. */
export function listDir(dir: string, display: (path: string) => string, problems: SourceProblem[]): DirEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    problems.push({ path: display(dir), message: describeFsError(error), severity: "error" });
    return [];
  }
  const entries: DirEntry[] = [];
  for (const name of names.sort(compareNames)) {
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    try {
      const stat = statSync(path);
      entries.push({ name, path, isDirectory: stat.isDirectory(), isFile: stat.isFile() });
    } catch (error) {
      problems.push({ path: display(path), message: describePathError(path, error), severity: "error" });
    }
  }
  return entries;
}

/** Migration order: numeric runs compare as numbers (`2_x` before `10_x`), the rest by code point. */
export function compareNames(a: string, b: string): number {
  const ra = a.split(/(\d+)/);
  const rb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) {
      // Numbers: by value (more digits without leading zeros = larger), then by their digits;
      // equal values (`1` and `001`) fall through to code-point order.
      const xs = x.replace(/^0+/, "");
      const ys = y.replace(/^0+/, "");
      if (xs.length !== ys.length) return xs.length - ys.length;
      if (xs !== ys) return xs < ys ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}
