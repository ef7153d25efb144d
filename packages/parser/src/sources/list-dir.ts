import { readdirSync, statSync, type Dirent } from "node:fs";
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
  let dirents: Dirent[];
  try {
    dirents = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: display(dir), message: describeFsError(error), severity: "error" });
    return [];
  }
  const entries: DirEntry[] = [];
  for (const dirent of sortByName(dirents)) {
    const name = dirent.name;
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    // The directory listing already knows each entry's type; only symlinks need a stat() to be followed.
    if (!dirent.isSymbolicLink()) {
      entries.push({ name, path, isDirectory: dirent.isDirectory(), isFile: dirent.isFile() });
      continue;
    }
    try {
      const stat = statSync(path);
      entries.push({ name, path, isDirectory: stat.isDirectory(), isFile: stat.isFile() });
    } catch (error) {
      problems.push({ path: display(path), message: describePathError(path, error), severity: "error" });
    }
  }
  return entries;
}

/** Sorts by compareNames, splitting each name into its runs once rather than once per comparison. */
function sortByName<T extends { name: string }>(items: T[]): T[] {
  return items
    .map((item) => ({ item, runs: item.name.split(DIGIT_RUNS) }))
    .sort((a, b) => compareRuns(a.runs, b.runs))
    .map((keyed) => keyed.item);
}

const DIGIT_RUNS = /(\d+)/;

/** Migration order: numeric runs compare as numbers (`2_x` before `10_x`), the rest by code point. */
export function compareNames(a: string, b: string): number {
  return compareRuns(a.split(DIGIT_RUNS), b.split(DIGIT_RUNS));
}

/** Compares names split into alternating text and digit runs (odd indexes are digits). */
function compareRuns(ra: string[], rb: string[]): number {
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
