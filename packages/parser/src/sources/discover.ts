import { realpathSync } from "node:fs";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { listDir } from "./list-dir.js";
import { statOrProblem } from "./read-text.js";
import { detectKind, READERS, splitDbmate, type ReaderInput } from "./readers.js";
import type { MigrationSet, ReadResult, SourceKind, SourceProblem } from "./types.js";

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
      const found = readFolder(path, options.source, { display, problems }, new Set(), 0);
      if (found.length === 0 && !problems.some((p) => p.path.startsWith(display(path)))) {
        problems.push({ path: given, message: "no migrations found (looked for drizzle-kit, Prisma, golang-migrate, dbmate and plain .sql layouts)", severity: "error" });
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
    if (migrations.length > 0 || forced) return [{ root: ctx.display(dir), kind, migrations }];
  }
  if (depth >= MAX_NESTING) return [];
  const nested: MigrationSet[] = [];
  for (const entry of input.entries) {
    if (entry.isDirectory && entry.name !== "node_modules") nested.push(...readFolder(entry.path, forced, ctx, seen, depth + 1));
  }
  return nested;
}

function readSingleFile(path: string, forced: SourceKind | undefined, ctx: Context): MigrationSet[] {
  const entries = listDir(resolve(path, ".."), ctx.display, []).filter((e) => e.path === path);
  const input: ReaderInput = { dir: resolve(path, ".."), entries, display: ctx.display, problems: ctx.problems };
  const readFile = READERS[forced ?? "plain"];
  let migrations = readFile(input);
  if (entries.length === 0) {
    // Not listed by its folder (e.g. a name starting with a dot): read it directly.
    migrations = READERS.plain({ ...input, entries: [{ name: basename(path), path, isDirectory: false, isFile: true }] });
  }
  const kind: SourceKind = forced ?? (migrations[0] && /^--\s*migrate:up\b/m.test(migrations[0].text) ? "dbmate" : "plain");
  if (kind === "dbmate" && !forced) migrations = migrations.map((m) => ({ ...m, ...splitDbmate(m.text, m.path) }));
  return migrations.length > 0 ? [{ root: ctx.display(path), kind, migrations }] : [];
}
