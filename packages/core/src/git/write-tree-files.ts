// Writes a commit's files into a scratch folder at their repository paths. A tree written by hand
// (`git mktree`) can hold entries named `..`: git itself never checks such a path out, and neither do
// we: every target is resolved and refused unless it stays inside the scratch folder.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "../config.js";
import type { TreeEntry } from "./tree-entries.js";

/** A tree entry whose path leaves the folder it is written into (or has `.`/`..`/empty segments). */
export class UnsafeTreePathError extends ConfigError {
  override name = "UnsafeTreePathError";
  constructor(commit: string, path: string) {
    super(`commit ${commit.slice(0, 12)} holds a file at ${JSON.stringify(path)}, a path git would refuse to check out; nothing was written for it. Inspect that commit (git ls-tree -r ${commit.slice(0, 12)}) before trusting it`);
  }
}

/** A repository path is safe when no segment is empty, `.` or `..` and it is not absolute. */
export function isSafeTreePath(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.includes("\\") || path.includes("\0")) return false;
  return path.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}

/** Writes each entry's blob to `<base>/<entry.path>`; throws before writing anything when one is unsafe. */
export function writeTreeFiles(base: string, commit: string, entries: readonly TreeEntry[], blobs: ReadonlyMap<string, Buffer>): void {
  const root = resolve(base);
  const targets = entries.map((entry) => {
    const target = resolve(root, entry.path);
    const inside = relative(root, target);
    if (!isSafeTreePath(entry.path) || inside === "" || inside.startsWith("..") || isAbsolute(inside)) throw new UnsafeTreePathError(commit, entry.path);
    return { target, blob: blobs.get(entry.blob) };
  });
  for (const { target, blob } of targets) {
    if (!blob) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, blob);
  }
}
