// The previous release's code schema, as its ORM declares it (a Drizzle schema file, Prisma's
// schema.prisma), in one neutral shape: what the old code reads and writes. The code evidence of a
// report (code-evidence.ts) asks it whether the old code can hit a break the SQL shows.

/** A column the old code declares. */
export interface CodeColumn {
  /** The SQL name (after `@map`, drizzle's casing). */
  name: string;
  /**
   * The old code always writes it on INSERT: NOT NULL without a database default (the ORM's types make
   * the application give a value), or a value the ORM fills in itself (`$defaultFn`, Prisma's `cuid()`).
   */
  writes: boolean;
  /** The enum type of the column, when it has one (display name, `public.` left out). */
  enum?: string;
}

export interface CodeSchema {
  /** The release whose code this is (the report's `from` ref). */
  ref: string;
  /** The schema files, as displayed (repository paths relative to the working directory). */
  files: string[];
  /** Tables by display name (`users`, `auth.sessions`: `public.` left out), with their columns. */
  tables: Record<string, CodeColumn[]>;
  /** Enum types by display name, with their values. */
  enums: Record<string, string[]>;
}

/** `v3.3.0's lib/db/schema.ts`, `v3.3.0's 3 schema files`: how an explanation names the evidence. */
export function codeSchemaLabel(schema: Pick<CodeSchema, "ref" | "files">): string {
  const files = schema.files.length <= 2 ? schema.files.join(" and ") : `${schema.files.length} schema files`;
  return `${schema.ref}'s ${files || "schema"}`;
}

/** Where to read a release's code schema from (a reader such as @rollsafe/drizzle's previousCodeSchema). */
export interface CodeSchemaLookup {
  /** The repository root (absolute, without symbolic links). */
  root: string;
  /** The working directory (absolute): config files are looked for from here, display paths start here. */
  cwd: string;
  /** The release's ref as shown ("v3.3.0") and its commit. */
  ref: string;
  commit: string;
  /** A scratch folder schema files may be written into (with writeTreeFiles, never by hand). */
  scratch: string;
}

/**
 * What the commands that assess a release (report, rollback) read beyond the SQL, given by the caller
 * so that core stays free of ORM readers: the project's migrations folder when none is given or
 * configured, and the previous release's code schema.
 */
export interface ProjectReaders {
  migrationsDir?: (cwd: string) => string | undefined;
  codeSchema?: (lookup: CodeSchemaLookup) => Promise<CodeSchema | undefined>;
}
