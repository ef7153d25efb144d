// `rollsafe lint --changed-since <ref>`: the migrations a pull request adds or edits become the checked
// set, and the merge base's view of the migrations feeds the integrity checks. Git is only read.
import { readFileSync, realpathSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { changedPaths, fileAtCommit, mergeBase, normalizeSqlLayout, pathsAtCommit, repoRoot, resolveCommit, type MergeBaseFacts } from "@rollsafe/core";
import type { MigrationSet } from "@rollsafe/parser";

export interface ChangedSince {
  /** Absolute paths of the migrations to check: the new ones and the edited ones. */
  newPaths: Set<string>;
  history: MergeBaseFacts;
  /** The repository's root (real path), the merge base and the commit `<ref>` names (full ids). */
  git: { root: string; base: string; ref: string };
}

const FLAG = "--changed-since";

export function changedSince(ref: string, sets: readonly MigrationSet[], cwd: string): ChangedSince {
  const root = realpathSync(repoRoot(cwd));
  const refCommit = resolveCommit(root, ref, FLAG);
  const base = mergeBase(root, refCommit, FLAG);
  const changes = changedPaths(root, base);
  // Each migration by its path in the repository (git's spelling: relative to the root, forward slashes).
  const migrations = sets.flatMap((set) => set.migrations).map((m) => ({ absolute: resolve(cwd, m.path), inRepo: inRepo(root, resolve(cwd, m.path)) }));
  const roots = [...new Set(migrations.flatMap((m) => (m.inRepo === undefined ? [] : [posixDirname(m.inRepo)])))];
  const atBase = pathsAtCommit(root, base, roots);
  const newPaths = new Set<string>();
  const existedAtBase = new Set<string>();
  const edited = new Set<string>();
  for (const m of migrations) {
    if (m.inRepo === undefined) continue;
    const status = changes.get(m.inRepo);
    if (atBase.has(m.inRepo)) {
      existedAtBase.add(m.absolute);
      // A whitespace-only edit changes nothing a database runs: neither reported nor re-checked.
      if (status === "modified" && normalizeSqlLayout(readFileSync(m.absolute, "utf8")) !== normalizeSqlLayout(fileAtCommit(root, base, m.inRepo))) {
        edited.add(m.absolute);
        newPaths.add(m.absolute);
      }
    } else if (status !== undefined) {
      newPaths.add(m.absolute);
    }
  }
  return { newPaths, history: { base: base.slice(0, 12), existedAtBase, edited }, git: { root, base, ref: refCommit } };
}

/** The path relative to the repository root with forward slashes, or undefined when outside it. */
function inRepo(root: string, path: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  const rel = relative(root, real);
  if (rel === "" || rel.startsWith("..") || resolve(root, rel) !== real) return undefined;
  return rel.split(sep).join("/");
}

function posixDirname(path: string): string {
  const dir = dirname(path);
  return dir === "" ? "." : dir;
}
