/** The migration tools whose folder layouts rollsafe reads. */
export const SOURCE_KINDS = ["drizzle", "prisma", "golang-migrate", "dbmate", "plain"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * How the tool that applies a migration wraps it in a transaction (docs/sources.md):
 * - `all-pending`: every pending migration in one transaction (drizzle-kit's migrator);
 * - `per-migration`: each migration in its own BEGIN ... COMMIT (dbmate by default);
 * - `implicit`: the file is sent as one multi-statement query, which PostgreSQL runs as one implicit
 *   transaction when it holds more than one statement (Prisma, golang-migrate);
 * - `none`: statement by statement in autocommit (`psql -f`), unless the file says BEGIN.
 */
export const TRANSACTION_MODES = ["all-pending", "per-migration", "implicit", "none"] as const;
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

/**
 * The transaction mode of each tool, when the configuration does not say otherwise. Checked against
 * each tool's source (docs/sources.md, "Transactions"): drizzle-orm's `PgDialect.migrate()` wraps all
 * pending migrations in one `session.transaction`; Prisma's schema engine and golang-migrate's
 * PostgreSQL driver send a migration file as one simple-protocol query; dbmate runs each migration in
 * `sql.DB.Begin()` ... `Commit()` unless `transaction:false`.
 */
export const DEFAULT_TRANSACTION_MODE: Record<SourceKind, TransactionMode> = {
  drizzle: "all-pending",
  prisma: "implicit",
  "golang-migrate": "implicit",
  dbmate: "per-migration",
  plain: "none",
};

/** One migration: the SQL that runs when it is applied (its "up" part). */
export interface Migration {
  /** Path of the file, as displayed in reports (relative to the working directory when inside it). */
  path: string;
  /** The migration's name: drizzle tag, Prisma folder, or file name without extension. */
  name: string;
  /**
   * The file's text with everything that is not the up migration blanked out (dbmate's down
   * section), so that lines and columns stay those of the file.
   */
  text: string;
  /** The down migration, where the tool keeps one (golang-migrate `.down.sql`, dbmate `-- migrate:down`). */
  down?: { path: string; text: string };
  /** This migration's own transaction mode, where the file sets it (dbmate's `transaction:false`). */
  transaction?: TransactionMode;
  /** Why the tool never applies this file, when it does not (a drizzle file missing from the journal). */
  notApplied?: string;
}

/** A problem with an input path: reported as `path: message`, and the run goes on. */
export interface SourceProblem {
  path: string;
  message: string;
  severity: "error" | "warning";
}

/** An ordered set of migrations from one folder (or a single file). */
export interface MigrationSet {
  /** The folder (or file) the set was read from, as displayed. */
  root: string;
  kind: SourceKind;
  migrations: Migration[];
  /** A drizzle-kit folder's `meta/_journal.json` as read (undefined when it is missing or not JSON). */
  journal?: DrizzleJournal;
}

/**
 * What a drizzle-kit folder's `meta/` holds, as plain facts for the integrity checks (core's journal
 * checks, @rollsafe/drizzle's snapshot checks): the journal's entries with where they are in its text,
 * the files it does not list, and the names of the snapshot files.
 */
export interface DrizzleJournal {
  /** Absolute path of the migrations folder. */
  dir: string;
  /** `meta/_journal.json`, as displayed. */
  path: string;
  text: string;
  /** The journal's `dialect` (`postgresql` for PostgreSQL projects). */
  dialect: string | undefined;
  entries: JournalEntry[];
  /** Display paths of the folder's .sql files the journal does not list: drizzle-kit's migrator never applies them. */
  unlisted: string[];
  /** The names of the files in `meta/` (`0003_snapshot.json`, ...), in name order. */
  metaFiles: string[];
}

export interface JournalEntry {
  /** As written in the journal; undefined when it is not a number. */
  idx: number | undefined;
  /** Epoch milliseconds when drizzle-kit generated it; drizzle-orm's migrator compares it with the last applied one. */
  when: number | undefined;
  tag: string;
  /** The migration read for the entry (its display path); undefined when `<tag>.sql` does not exist. */
  migrationPath: string | undefined;
  /** UTF-16 offsets of the entry's `tag`, `idx` and `when` values in the journal's text, where found. */
  spans: { tag?: TextSpan; idx?: TextSpan; when?: TextSpan };
}

export interface TextSpan {
  start: number;
  end: number;
}

export interface ReadResult {
  sets: MigrationSet[];
  problems: SourceProblem[];
}
