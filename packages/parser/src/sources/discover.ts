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
  const display = (path: string) => {
    const rel = relative(cwd, path);
    return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
  };
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
  return [{ root: shown, kind, migrations: [migration] }];
}
