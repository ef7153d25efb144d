// Where a linted file stands among the migrations of its folder, with the folder read once and kept
// for as long as the files before it keep their stamps (modification time, size): an editor lints
// the file being written on every keystroke, and re-reading hundreds of migrations each time is what
// would make that slow. The schema before each file is kept with the folder (a ReplayCache), keyed by
// the files' texts, so a re-read folder replays only from the first migration that really changed.
//
// Checking the stamps costs a stat() per file. Every lint checks the folder itself (a migration
// added, removed or renamed; an editor saving through a rename), drizzle's journal, and the
// RECENT_FILES migrations just before the file: the ones a pull request edits. The older ones are
// checked when the last full check is more than a second old: an edit of an old migration (which
// databases have applied already) shows within a second, not on every keystroke's budget.
import { basename, dirname, join, resolve } from "node:path";
import { ReplayCache } from "@rollsafe/core";
import { findDownMigration, findMigrationSet, type MigrationSet, type SourceKind } from "@rollsafe/parser";
import { stampOf, unchanged, type FileStamp } from "./file-stamp.js";

/** A file's migration folder, its position there, and the folder's cached schema replay. */
export interface MigrationPlace {
  set: MigrationSet;
  index: number;
  replay: ReplayCache;
  /** The file is the down migration of the migration at `index` (golang-migrate's `.down.sql`). */
  down?: true;
}

/** Migrations just before the linted file whose stamps every lint checks. */
const RECENT_FILES = 8;

export interface MigrationFoldersOptions {
  /** How old the last check of every earlier file may be before a lint checks them all again (default 1000 ms). */
  fullCheckEveryMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
}

interface Folder {
  set: MigrationSet;
  indexOf: Map<string, number>;
  /** Down migration files (golang-migrate) -> the position of their up migration. */
  downIndexOf: Map<string, number>;
  /** The folder itself and drizzle's journal: they change when migrations are added, removed or reordered. */
  layoutStamps: FileStamp[];
  /** Each migration's file, by position. */
  fileStamps: FileStamp[];
  /** When the stamps of every file before position `fullCheckTo` were last found unchanged (or read). */
  fullCheckAt: number;
  fullCheckTo: number;
  replay: ReplayCache;
}

/** Why a file has no place: the folders that would have to change for it to get one. */
interface NoPlace {
  stamps: FileStamp[];
}

export class MigrationFolders {
  /** Folder key (source + absolute folder) -> the folder as last read. */
  private readonly folders = new Map<string, Folder>();
  /** Absolute file path (+ source) -> its folder's key, or why it has none. */
  private readonly files = new Map<string, string | NoPlace>();
  private readCount = 0;
  private readonly fullCheckEveryMs: number;
  private readonly now: () => number;

  constructor(options: MigrationFoldersOptions = {}) {
    this.fullCheckEveryMs = options.fullCheckEveryMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The place of `file` (absolute) among its folder's migrations, or undefined when no migration
   * layout lists it (then it is linted on its own). The folder is re-read when it, drizzle's
   * journal, or a migration file before `file` has a new modification time or size.
   */
  placeOf(file: string, source: SourceKind | undefined): MigrationPlace | undefined {
    const fileKey = `${source ?? ""}\0${file}`;
    const known = this.files.get(fileKey);
    if (typeof known === "string") {
      const folder = this.folders.get(known);
      const index = folder?.indexOf.get(file);
      if (folder && index !== undefined && this.fresh(folder, index)) return { set: folder.set, index, replay: folder.replay };
      const downOf = folder?.downIndexOf.get(file);
      if (folder && downOf !== undefined && this.fresh(folder, downOf)) return { set: folder.set, index: downOf, replay: folder.replay, down: true };
    } else if (known && known.stamps.every(unchanged)) {
      return undefined;
    }
    return this.read(file, fileKey, source);
  }

  /** How many times a folder was read from disk (for tests and benchmarks). */
  get reads(): number {
    return this.readCount;
  }

  private fresh(folder: Folder, index: number): boolean {
    if (!folder.layoutStamps.every(unchanged)) return false;
    const now = this.now();
    const full = index > folder.fullCheckTo || now - folder.fullCheckAt >= this.fullCheckEveryMs;
    for (let i = full ? 0 : Math.max(0, index - RECENT_FILES); i < index; i++) if (!unchanged(folder.fileStamps[i]!)) return false;
    if (full) Object.assign(folder, { fullCheckAt: now, fullCheckTo: index });
    return true;
  }

  private read(file: string, fileKey: string, source: SourceKind | undefined): MigrationPlace | undefined {
    this.readCount++;
    // The folders are stamped before reading: a change made while reading shows as a change next time.
    const candidates = basename(file) === "migration.sql" ? [dirname(file), dirname(dirname(file))] : [dirname(file)];
    const layoutBefore = new Map(candidates.map((dir) => [dir, [stampOf(dir), stampOf(join(dir, "meta", "_journal.json"))]]));
    const readStart = Date.now();
    const options = { cwd: dirname(file), ...(source ? { source } : {}) };
    const up = findMigrationSet(file, options);
    const found = up ?? findDownMigration(file, options);
    if (!found) {
      this.files.set(fileKey, { stamps: [...layoutBefore.values()].map(([dir]) => dir!) });
      return undefined;
    }
    const root = resolve(dirname(file), found.set.root);
    const folderKey = `${source ?? ""}\0${root}`;
    const paths = found.set.migrations.map((m) => resolve(dirname(file), m.path));
    const [rootStamp, journalStamp] = layoutBefore.get(root) ?? [stampOf(root), stampOf(join(root, "meta", "_journal.json"))];
    const folder: Folder = {
      set: found.set,
      indexOf: new Map(paths.map((p, i) => [p, i])),
      downIndexOf: new Map(found.set.migrations.flatMap((m, i) => (m.down && m.down.path !== m.path ? [[resolve(dirname(file), m.down.path), i] as const] : []))),
      layoutStamps: found.set.kind === "drizzle" ? [rootStamp!, journalStamp!] : [rootStamp!],
      fileStamps: stampsAfterRead(paths, readStart),
      fullCheckAt: this.now(),
      fullCheckTo: paths.length,
      // The texts decide what is replayed again: keep what was replayed from the folder's last read.
      replay: this.folders.get(folderKey)?.replay ?? new ReplayCache(),
    };
    this.folders.set(folderKey, folder);
    for (const path of [...paths, ...folder.downIndexOf.keys()]) this.files.set(`${source ?? ""}\0${path}`, folderKey);
    return { set: folder.set, index: found.index, replay: folder.replay, ...(up ? {} : { down: true as const }) };
  }
}

/**
 * Files stamped after they were read: one whose modification time falls in the read may have
 * changed after it was read, and never counts as unchanged (it is read again next time). A time in
 * the future (clock skew, an unpacked archive) is not during the read.
 */
function stampsAfterRead(paths: readonly string[], readStart: number): FileStamp[] {
  const stamps = paths.map(stampOf);
  const readEnd = Date.now() + 1;
  return stamps.map((stamp) => (stamp.mtimeMs >= readStart && stamp.mtimeMs <= readEnd ? { ...stamp, mtimeMs: Number.NaN } : stamp));
}
