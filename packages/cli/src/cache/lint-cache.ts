// The lint result cache: a migration set whose files, options and rollsafe build are unchanged gives
// the same findings, so they are read back instead of parsed, replayed and checked again (docs/cache.md).
//
// One file per migration set (named by the set's folder), holding the key it was computed for: a
// changed set overwrites its own entry, so the cache never grows beyond one entry per folder. The key
// covers everything the engine's result depends on: the build (every line of rollsafe's code), the
// engine options, the set's layout and each migration's path, name, transaction and text.
//
// Trust: an entry decides an exit code, so a hand-edited entry (findings removed) must not be served.
// Each entry carries a digest of its key and payload (a damaged or edited entry is linted again), and a
// cache folder that git tracks is never read or written: a pull request could commit entries whose
// key matches its own migrations.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeStateDir, tracksFiles, type FileSummary, type Finding, type LintOptions, type UnanalysedStatement } from "@rollsafe/core";
import type { MigrationSet } from "@rollsafe/parser";

/** Bumped when the layout of an entry changes (2: the payload as a string with its digest). */
const ENTRY_FORMAT = 2;

/** What the engine returned for one migration set. */
export interface CachedSetResult {
  files: FileSummary[];
  findings: Finding[];
  unanalysed: UnanalysedStatement[];
}

interface Entry {
  format: number;
  key: string;
  /** SHA-256 of the key and the payload: an entry edited by hand no longer matches. */
  digest: string;
  /** The CachedSetResult as JSON. */
  payload: string;
}

export class LintCache {
  readonly location: string;
  private readonly dir: string;
  private readonly optionsKey: string;
  private ready = false;
  /** Set once a write fails (read-only checkout, full disk): the run goes on without caching. */
  private writeFailed = false;
  /** Whether git tracks the cache folder: worked out on the first read, only when the folder exists. */
  private tracked: boolean | undefined;

  /**
   * @param build identifies the code that computes findings (the bundle's content hash): any change to
   *   rollsafe invalidates every entry.
   */
  constructor(location: string, build: string, options: LintOptions) {
    this.location = location;
    this.dir = join(location, `lint-${ENTRY_FORMAT}`);
    this.optionsKey = hash([build, optionsFingerprint(options)]);
  }

  /** The cached result of this set, or undefined (absent, stale or unreadable: all mean "lint it"). */
  read(set: MigrationSet): { result?: CachedSetResult; key: string } {
    const key = this.keyOf(set);
    if (this.isTracked()) return { key };
    try {
      const entry = JSON.parse(readFileSync(this.fileOf(set), "utf8")) as Entry;
      if (entry.format === ENTRY_FORMAT && entry.key === key && entry.digest === digestOf(key, entry.payload)) return { result: JSON.parse(entry.payload) as CachedSetResult, key };
    } catch {
      // No entry yet, or one a crash left half-written: lint the set.
    }
    return { key };
  }

  /** True once a read found that git tracks the cache folder (so it was neither read nor written). */
  get refusedAsTracked(): boolean {
    return this.tracked === true;
  }

  write(set: MigrationSet, key: string, result: CachedSetResult): void {
    if (this.writeFailed || this.isTracked()) return;
    try {
      this.prepare();
      const file = this.fileOf(set);
      const payload = JSON.stringify({ files: result.files, findings: result.findings, unanalysed: result.unanalysed } satisfies CachedSetResult);
      const entry: Entry = { format: ENTRY_FORMAT, key, digest: digestOf(key, payload), payload };
      // Write then rename, so a concurrent run never reads half an entry.
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(entry));
      renameSync(temporary, file);
    } catch {
      this.writeFailed = true;
    }
  }

  private keyOf(set: MigrationSet): string {
    const parts = [this.optionsKey, set.kind, set.root];
    for (const m of set.migrations) parts.push(m.path, m.name, m.transaction ?? "", m.text, m.down?.path ?? "", m.down?.text ?? "");
    // A drizzle-kit folder's journal checks read the journal, and its snapshot checks the files of meta/
    // (by size and modification time: reading every snapshot to hash it would cost what the cache saves).
    if (set.journal) {
      parts.push(set.journal.text, set.journal.unlisted.join("\n"));
      for (const name of set.journal.metaFiles) parts.push(name, fileStamp(join(set.journal.dir, "meta", name)));
    }
    return hash(parts);
  }

  private fileOf(set: MigrationSet): string {
    return join(this.dir, `${hash([set.kind, set.root]).slice(0, 32)}.json`);
  }

  /** A folder that does not exist yet holds nothing to trust, so git is asked only when there is a cache. */
  private isTracked(): boolean {
    this.tracked ??= tracksFiles(this.location);
    return this.tracked;
  }

  private prepare(): void {
    if (this.ready) return;
    makeStateDir(this.dir);
    // The entries of the first format had no digest: never leave them to be read by an older build.
    rmSync(join(this.location, "lint-1"), { recursive: true, force: true });
    // Like .ruff_cache: the folder ignores itself, so a cache in a repository never shows in git status.
    writeFileSync(join(this.dir, "..", ".gitignore"), "# Created by rollsafe: the lint cache is never committed.\n*\n");
    this.ready = true;
  }
}

function digestOf(key: string, payload: string): string {
  return hash(["rollsafe lint cache entry", key, payload]);
}

function fileStamp(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return "";
  }
}

function hash(parts: readonly string[]): string {
  const h = createHash("sha256");
  // Length-prefixed, so that no two different part lists hash the same text.
  for (const part of parts) h.update(`${part.length}:`).update(part);
  return h.digest("hex");
}

/** The options as a stable string: rules by id, sets and maps as sorted lists; functions are code (the build). */
function optionsFingerprint(options: LintOptions): string {
  return JSON.stringify(options, (key, value: unknown) => {
    if (key === "rules") return (value as LintOptions["rules"]).map((r) => r.id);
    if (value instanceof Set) return [...(value as Set<unknown>)].map(String).sort();
    if (value instanceof Map) return [...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), v]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
    if (typeof value === "function") return undefined;
    return value;
  });
}
