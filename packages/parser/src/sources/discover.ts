import { existsSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { listDir } from "./list-dir.js";
import { statOrProblem } from "./read-text.js";
import { DBMATE_UP, detectKind, GOLANG_MIGRATE_FILE, READERS, readFile, splitDbmate, type ReaderInput } from "./readers.js";
import type { Migration, MigrationSet, ReadResult, SourceKind, SourceProblem } from "./types.js";

export interface DiscoverOptions {
  /** Force the folder layout instead of detecting it. */
  source?: SourceKind;
  /** Paths are resolved and displayed relative to this folder (default: process.cwd()). */
  cwd?: string;
}

/** How deep a folder of several projects (e.g. a monorepo's packages) is searched for migration folders. */
const MAX_NESTING = 4;

/**
 * Reads migration sets from files and folders. A folder is read as the tool that wrote it would
 * apply it; a folder with no migrations of its own is searched for migration folders below it.
 * Unusable paths become problems, and the other paths are still read.
 */
export function readMigrationSets(paths: string[], options: DiscoverOptions = {}): ReadResult {
  const cwd = options.cwd ?? process.cwd();
  const display = displayPath(cwd);
  const problems: SourceProblem[] = [];
  const sets: MigrationSet[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    const stat = statOrProblem(path);
    if ("problem" in stat) {
      problems.push({ path: given, message: stat.problem, severity: "error" });
    } else if (stat.isDirectory) {
      const before = problems.length;
      const found = readFolder(path, options.source, { display, problems }, new Set(), 0);
      // Nothing to lint and nothing said about why: say it (a forced layout that matches nothing too).
      if (found.every((set) => set.migrations.length === 0 && !set.journal?.entries.length) && problems.length === before) {
        const message = options.source
          ? `no migrations found in the ${options.source} layout (the source is set to "${options.source}")`
          : "no migrations found (looked for drizzle-kit, Prisma, golang-migrate, dbmate and plain .sql layouts)";
        problems.push({ path: given, message, severity: "error" });
      }
      sets.push(...found);
    } else {
      sets.push(...readSingleFile(path, options.source, { display, problems }));
    }
  }
  return { sets, problems };
}

/** Paths as reports show them: relative to `cwd` when inside it, else absolute. */
function displayPath(cwd: string): (path: string) => string {
  return (path) => {
    const rel = relative(cwd, path);
    return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  };
}

interface Context {
  display: (path: string) => string;
  problems: SourceProblem[];
}

function readFolder(dir: string, forced: SourceKind | undefined, ctx: Context, seen: Set<string>, depth: number): MigrationSet[] {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = dir;
  }
  if (seen.has(real)) return [];
  seen.add(real);
  const input: ReaderInput = { dir, entries: listDir(dir, ctx.display, ctx.problems), display: ctx.display, problems: ctx.problems };
  const kind = forced ?? detectKind(input);
  if (kind) {
    const migrations = READERS[kind](input);
    // A drizzle folder whose journal lists files that do not exist is still a set: the checks report them.
    if (migrations.length > 0 || forced || input.journal?.entries.length) return [{ root: ctx.display(dir), kind, migrations, ...(input.journal ? { journal: input.journal } : {}) }];
  }
  if (depth >= MAX_NESTING) return [];
  const nested: MigrationSet[] = [];
  for (const entry of input.entries) {
    if (entry.isDirectory && entry.name !== "node_modules") nested.push(...readFolder(entry.path, forced, ctx, seen, depth + 1));
  }
  return nested;
}

/**
 * A file given by name is read whatever its extension: the folder readers' filters (journal,
 * `.sql` suffix, file-name patterns) choose files in a folder, not among files the user named.
 */
function readSingleFile(path: string, forced: SourceKind | undefined, ctx: Context): MigrationSet[] {
  const text = readFile(path, ctx);
  if (text === undefined) return [];
  return [singleFileSet(path, text, forced, ctx)];
}

function singleFileSet(path: string, text: string, forced: SourceKind | undefined, ctx: Context): MigrationSet {
  const shown = ctx.display(path);
  const kind: SourceKind = forced ?? (DBMATE_UP.test(text) ? "dbmate" : "plain");
  let migration: Migration = { path: shown, name: basename(path).replace(/\.sql$/i, ""), text };
  if (kind === "dbmate") migration = { ...migration, ...splitDbmate(text, shown) };
  if (kind === "prisma") migration.name = basename(dirname(path));
  const golang = kind === "golang-migrate" ? GOLANG_MIGRATE_FILE.exec(basename(path)) : null;
  if (golang) {
    migration.name = `${golang[1]}_${golang[2]}`;
    const downPath = join(dirname(path), `${golang[1]}_${golang[2]}.down.sql`);
    if (golang[3] === "up" && existsSync(downPath)) {
      const downText = readFile(downPath, ctx);
      if (downText !== undefined) migration.down = { path: ctx.display(downPath), text: downText };
    }
  }
  return { root: shown, kind, migrations: [migration] };
}

/** Where one file stands among the migrations of its folder (see findMigrationSet). */
export interface MigrationPlace {
  set: MigrationSet;
  /** The file's position in `set.migrations`. */
  index: number;
  /** What could not be read in the folder (the file's place is still known). */
  problems: SourceProblem[];
}

/**
 * The migration set holding one file, and its position there: the folder the file sits in, read as
 * `readMigrationSets` reads it (Prisma: the folder above the file's own). Undefined when no layout
 * of that folder lists the file (a down migration, a file in no migrations folder, a file not saved
 * yet): such a file is linted on its own, like `rollsafe lint <file>` (see singleMigrationSet).
 * Nested folders are not searched.
 */
export function findMigrationSet(file: string, options: DiscoverOptions = {}): MigrationPlace | undefined {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  for (const { set, problems } of candidateSets(path, options)) {
    const index = set.migrations.findIndex((m) => resolve(cwd, m.path) === path);
    if (index !== -1) return { set, index, problems };
  }
  return undefined;
}

/**
 * The migration whose down migration `file` is (golang-migrate's `<n>_<name>.down.sql`): its set and
 * position. Undefined for any other file (dbmate's down section lives in the up migration's own file).
 */
export function findDownMigration(file: string, options: DiscoverOptions = {}): MigrationPlace | undefined {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  for (const { set, problems } of candidateSets(path, options)) {
    const index = set.migrations.findIndex((m) => m.down !== undefined && m.down.path !== m.path && resolve(cwd, m.down.path) === path);
    if (index !== -1) return { set, index, problems };
  }
  return undefined;
}

/** The migrations of each folder that could hold `path`, as its reader makes them. */
function* candidateSets(path: string, options: DiscoverOptions): Generator<{ set: MigrationSet; problems: SourceProblem[] }> {
  const display = displayPath(options.cwd ?? process.cwd());
  const candidates = basename(path) === "migration.sql" ? [dirname(dirname(path)), dirname(path)] : [dirname(path)];
  for (const dir of candidates) {
    const problems: SourceProblem[] = [];
    const input: ReaderInput = { dir, entries: listDir(dir, display, problems), display, problems };
    const kind = options.source ?? detectKind(input);
    if (!kind) continue;
    const migrations = READERS[kind](input);
    yield { set: { root: display(dir), kind, migrations, ...(input.journal ? { journal: input.journal } : {}) }, problems };
  }
}

/** A file's text as the only migration of a set, as `rollsafe lint <file>` reads it (without reading the file). */
export function singleMigrationSet(file: string, text: string, options: DiscoverOptions = {}): MigrationSet {
  const cwd = options.cwd ?? process.cwd();
  const problems: SourceProblem[] = [];
  return singleFileSet(resolve(cwd, file), text, options.source, { display: displayPath(cwd), problems });
}

/**
 * The migration as its folder's reader would make it from `text` (the file's unsaved content in an
 * editor): dbmate's down section blanked, the rest as it is.
 */
export function withMigrationText(migration: Migration, kind: SourceKind, text: string): Migration {
  if (kind !== "dbmate") return { ...migration, text };
  // What the file says now decides both: its transaction:false flag and its down section.
  const rest: Migration = { ...migration };
  delete rest.transaction;
  delete rest.down;
  return { ...rest, ...splitDbmate(text, migration.path) };
}
