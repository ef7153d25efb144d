// Real folders for the source readers' tests: each tree lives in its own fs.mkdtempSync folder
// under os.tmpdir(), removed after the test file.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

/** A file's content, a folder (`DIR`), or a symlink (`{ symlink: target }`, the target as written). */
export type TreeEntry = string | Buffer | typeof DIR | { symlink: string };

export const DIR = Symbol("directory");

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Creates a fresh temp folder holding `entries` (paths relative to it, `/`-separated) and returns its path. */
export function makeTree(entries: Record<string, TreeEntry> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "rollsafe-parser-"));
  roots.push(root);
  addToTree(root, entries);
  return root;
}

export function addToTree(root: string, entries: Record<string, TreeEntry>): void {
  for (const [relative, entry] of Object.entries(entries)) {
    const path = join(root, ...relative.split("/"));
    if (entry === DIR) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    if (typeof entry === "object" && !Buffer.isBuffer(entry)) symlinkSync(entry.symlink, path);
    else writeFileSync(path, entry);
  }
}

/** A drizzle-kit journal listing `tags` in this order. */
export function drizzleJournal(tags: string[]): string {
  return JSON.stringify(
    { version: "7", dialect: "postgresql", entries: tags.map((tag, idx) => ({ idx, version: "7", when: 1700000000000 + idx, tag, breakpoints: true })) },
    null,
    2,
  );
}
