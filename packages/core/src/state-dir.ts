// rollsafe keeps its own state (the audit log, the lock, snapshots, caches) in `.rollsafe/` beside the
// config. None of it belongs in git: a committed lock or cache entry would travel to other checkouts.
// The folder ignores itself, so a project needs no .gitignore line for it.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export const STATE_DIR_NAME = ".rollsafe";
const IGNORE_ALL = "# Written by rollsafe: its audit log, lock, snapshots and caches are local state, never committed.\n*\n";

/**
 * Creates `dir` (recursively), and when it is `.rollsafe/` or inside one, a `.gitignore` there that
 * ignores everything. An existing `.gitignore` is left alone (the project may keep the audit log on purpose).
 */
export function makeStateDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let at = dir; dirname(at) !== at; at = dirname(at)) {
    if (basename(at) !== STATE_DIR_NAME) continue;
    try {
      writeFileSync(join(at, ".gitignore"), IGNORE_ALL, { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    return;
  }
}
