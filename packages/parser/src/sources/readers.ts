// One reader per migration tool. Each turns a folder's entries into ordered migrations, the way
// that tool would apply them.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DirEntry } from "./list-dir.js";
import { parseJournal, type ParsedJournal } from "./drizzle-journal.js";
import { duplicateVersionProblems } from "./duplicate-versions.js";
import { readMigrationText } from "./read-text.js";
import type { DrizzleJournal, JournalEntry, Migration, SourceKind, SourceProblem } from "./types.js";

export interface ReaderInput {
  dir: string;
  entries: DirEntry[];
  display: (path: string) => string;
  problems: SourceProblem[];
  /** Set by the drizzle reader: the journal's facts, for the integrity checks. */
  journal?: DrizzleJournal;
}

type Reader = (input: ReaderInput) => Migration[];

export const GOLANG_MIGRATE_FILE = /^(\d+)_(.+)\.(up|down)\.sql$/;
export const DBMATE_UP = /^--\s*migrate:up\b.*$/m;
const DBMATE_DOWN = /^--\s*migrate:down\b.*$/m;

/** Reads one migration file; a problem is recorded and undefined returned when it cannot be used. */
export function readFile(path: string, input: Pick<ReaderInput, "display" | "problems">): string | undefined {
  const result = readMigrationText(path);
  if ("problem" in result) {
    input.problems.push({ path: input.display(path), message: result.problem, severity: "error" });
    return undefined;
  }
  return result.text;
}

function baseName(file: string): string {
  return file.replace(/\.sql$/i, "");
}

const plain: Reader = (input) => {
  const migrations: Migration[] = [];
  for (const entry of input.entries) {
    if (!entry.name.toLowerCase().endsWith(".sql")) continue;
    // A folder, FIFO or device named like a migration is reported (read says what it is), not skipped.
    const text = readFile(entry.path, input);
    if (text !== undefined) migrations.push({ path: input.display(entry.path), name: baseName(entry.name), text });
  }
  return migrations;
};

const drizzle: Reader = (input) => {
  const journalPath = join(input.dir, "meta", "_journal.json");
  const journalText = readFile(journalPath, input);
  let parsed: ParsedJournal | undefined;
  if (journalText !== undefined) {
    try {
      parsed = parseJournal(journalText);
    } catch (error) {
      input.problems.push({ path: input.display(journalPath), message: `is not valid JSON: ${(error as Error).message}`, severity: "error" });
    }
  }
  const byName = new Map(input.entries.filter((e) => e.isFile && e.name.endsWith(".sql")).map((e) => [baseName(e.name), e]));
  const migrations: Migration[] = [];
  const entries: JournalEntry[] = [];
  for (const entry of parsed?.entries ?? []) {
    // A listed name that is not a file (a folder called `<tag>.sql`) is read anyway, so that the
    // problem says what is wrong with it. A listed file that does not exist is the journal checks'
    // business (missing-migration-file).
    const found = byName.get(entry.tag) ?? input.entries.find((e) => e.name === `${entry.tag}.sql`);
    byName.delete(entry.tag);
    const text = found ? readFile(found.path, input) : undefined;
    const path = found ? input.display(found.path) : undefined;
    if (found && text !== undefined) migrations.push({ path: path!, name: entry.tag, text });
    entries.push({ ...entry, migrationPath: path });
  }
  // Files the journal does not list are never applied by drizzle-kit's migrator. They are still
  // linted (after the journal's migrations), so that hand-applied SQL is not silently ignored; the
  // journal checks report each one (unlisted-migration).
  const unlisted: string[] = [];
  for (const entry of byName.values()) {
    const text = readFile(entry.path, input);
    // Not applied by drizzle-kit's migrator (so not inside its transaction): how it is applied is unknown.
    if (text !== undefined) migrations.push({ path: input.display(entry.path), name: baseName(entry.name), text, transaction: "none", notApplied: "not listed in meta/_journal.json" });
    unlisted.push(input.display(entry.path));
  }
  if (parsed && journalText !== undefined) {
    input.journal = { dir: input.dir, path: input.display(journalPath), text: journalText, dialect: parsed.dialect, entries, unlisted, metaFiles: metaFileNames(join(input.dir, "meta")) };
  }
  return migrations;
};

/** The file names in `meta/` (one directory read; snapshots are opened only by the checks that need them). */
function metaFileNames(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const prisma: Reader = (input) => {
  const migrations: Migration[] = [];
  // Some migration folders' names end in `.sql` themselves: decide by kind, never by suffix.
  // Prisma applies folders in plain name order (not numbers as numbers): `20250625_x` sorts after
  // `20230518191501_init`, as Prisma runs them.
  for (const entry of [...input.entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!entry.isDirectory) continue;
    const path = join(entry.path, "migration.sql");
    // Read without probing first: a folder without migration.sql is simply not a migration.
    const result = readMigrationText(path);
    if ("text" in result) migrations.push({ path: input.display(path), name: entry.name, text: result.text });
    else if (!result.missing) input.problems.push({ path: input.display(path), message: result.problem, severity: "error" });
  }
  return migrations;
};

const golangMigrate: Reader = (input) => {
  const ups = new Map<string, DirEntry>();
  const downs = new Map<string, DirEntry>();
  for (const entry of input.entries) {
    const match = GOLANG_MIGRATE_FILE.exec(entry.name);
    if (!match) continue;
    if (!entry.isFile) {
      // Named like a migration file but a folder (or a device): say so rather than skip a migration.
      readFile(entry.path, input);
      continue;
    }
    (match[3] === "up" ? ups : downs).set(`${match[1]}_${match[2]}`, entry);
  }
  const migrations: Migration[] = [];
  for (const [name, entry] of ups) {
    const text = readFile(entry.path, input);
    if (text === undefined) continue;
    const downEntry = downs.get(name);
    const downText = downEntry ? readFile(downEntry.path, input) : undefined;
    const migration: Migration = { path: input.display(entry.path), name, text };
    if (downEntry && downText !== undefined) migration.down = { path: input.display(downEntry.path), text: downText };
    migrations.push(migration);
  }
  input.problems.push(...duplicateVersionProblems(migrations, "golang-migrate"));
  return migrations;
};

const dbmate: Reader = (input) => {
  const migrations: Migration[] = [];
  for (const entry of input.entries) {
    if (!entry.name.toLowerCase().endsWith(".sql")) continue;
    // As in the plain reader: a folder or FIFO named `*.sql` is reported, not skipped.
    const text = readFile(entry.path, input);
    if (text === undefined) continue;
    const path = input.display(entry.path);
    migrations.push({ ...splitDbmate(text, path), path, name: baseName(entry.name) });
  }
  input.problems.push(...duplicateVersionProblems(migrations, "dbmate"));
  return migrations;
};

/**
 * dbmate keeps both directions in one file. The up text keeps the file's length and line breaks
 * with the down section blanked, so positions in findings are positions in the file.
 */
export function splitDbmate(text: string, path: string): Pick<Migration, "text" | "down" | "transaction"> {
  const up = DBMATE_UP.exec(text);
  const down = DBMATE_DOWN.exec(text);
  if (!up) return { text };
  // `-- migrate:up transaction:false` skips dbmate's BEGIN, but the section is still one Exec: one
  // implicit transaction when it holds several statements (dbmate issues #126, #455).
  if (/\btransaction:\s*false\b/.test(up[0])) return { ...splitDbmateSections(text, path, up, down), transaction: "implicit" };
  return splitDbmateSections(text, path, up, down);
}

function splitDbmateSections(text: string, path: string, up: RegExpExecArray, down: RegExpExecArray | null): Pick<Migration, "text" | "down"> {
  const upEnd = down && down.index > up.index ? down.index : text.length;
  const blank = (from: number, to: number, source: string) => source.slice(0, from) + source.slice(from, to).replace(/[^\r\n]/g, " ") + source.slice(to);
  let upText = blank(0, up.index, text);
  upText = blank(upEnd, text.length, upText);
  if (!down) return { text: upText };
  const downEnd = down.index > up.index ? text.length : up.index;
  return { text: upText, down: { path, text: blank(downEnd, text.length, blank(0, down.index, text)) } };
}

export const READERS: Record<SourceKind, Reader> = {
  drizzle,
  prisma,
  "golang-migrate": golangMigrate,
  dbmate,
  plain,
};

/** Which tool wrote this folder, from the files in it; undefined when nothing there looks like migrations. */
export function detectKind(input: ReaderInput): SourceKind | undefined {
  const { entries } = input;
  if (existsSync(join(input.dir, "meta", "_journal.json"))) return "drizzle";
  if (entries.some((e) => e.isDirectory && existsSync(join(e.path, "migration.sql")))) return "prisma";
  const sqlFiles = entries.filter((e) => e.isFile && e.name.toLowerCase().endsWith(".sql"));
  if (sqlFiles.length === 0) return undefined;
  if (sqlFiles.some((e) => GOLANG_MIGRATE_FILE.test(e.name))) return "golang-migrate";
  const first = readMigrationText(sqlFiles[0]!.path);
  if ("text" in first && DBMATE_UP.test(first.text)) return "dbmate";
  return "plain";
}
