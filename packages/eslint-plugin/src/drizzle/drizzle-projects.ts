// The Drizzle project a schema file belongs to, as the editor needs it on every keystroke: its
// drizzle.config (found upward from the file, read without running it, by @rollsafe/drizzle as the CLI
// reads it), the latest drizzle-kit snapshot of its `out` folder, and the other schema files. All of it
// is read once and kept per process (like the SQL side's migration folders): the config, the journal and
// the snapshot are checked by their stamps (modification time, size) on every lint and read again when
// one changes; the other schema files likewise, each parsed once by typescript-estree (no scope analysis,
// no TypeScript program); the `schema` globs are expanded again when the last expansion is a second old.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { ConfigError } from "@rollsafe/core";
import { assertPostgresDialect, findDrizzleConfig, latestSnapshot, readDrizzleConfig, requireStatic, schemaFilePathsSync, type DrizzleConfig, type DrizzleSchema, type SyntaxFile } from "@rollsafe/drizzle";
import { estreeSchemaFile } from "@rollsafe/drizzle/estree";
import type { TSESTree } from "@typescript-eslint/types";
import type * as TypescriptEstree from "@typescript-eslint/typescript-estree";
import { stampOf, unchanged, type FileStamp } from "../migration/file-stamp.js";

export interface DrizzleProject {
  config: DrizzleConfig;
  /** The latest snapshot's schema; undefined before the first `drizzle-kit generate`. */
  snapshot: DrizzleSchema | undefined;
  /** The snapshot file, as shown (relative to the working directory). */
  snapshotPath: string | undefined;
  /** The schema files, absolute, in name order. */
  schemaFiles: readonly string[];
}

/** A project, or why it cannot be read (one line naming the file: the CLI's message). */
export type ProjectLookup = { project: DrizzleProject; error?: undefined } | { project?: undefined; error: string };

/** Another schema file of the project, as last read from disk. */
export type SchemaFileLookup = { file: SyntaxFile<TSESTree.Node>; error?: undefined } | { file?: undefined; error: string };

export interface DrizzleProjectsOptions {
  /** How old the last expansion of the `schema` globs may be before a lint expands them again (default 1000 ms). */
  globEveryMs?: number;
  now?: () => number;
}

interface CachedProject {
  /** drizzle.config, the journal and the snapshot, stamped before they were read. */
  stamps: FileStamp[];
  lookup: ProjectLookup;
  globbedAt: number;
}

export class DrizzleProjects {
  /** Folder -> the drizzle.config found from it upward (null: none). */
  private readonly configPaths = new Map<string, string | null>();
  private readonly projects = new Map<string, CachedProject>();
  private readonly files = new Map<string, { stamp: FileStamp; lookup: SchemaFileLookup }>();
  private readCount = 0;
  private readonly globEveryMs: number;
  private readonly now: () => number;

  constructor(options: DrizzleProjectsOptions = {}) {
    this.globEveryMs = options.globEveryMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The project of `file` (absolute), or undefined when no drizzle.config is found from its folder up
   * (a drizzle.config created while the editor runs is seen after ESLint restarts, as on the SQL side).
   * `cwd` is how paths are shown in messages.
   */
  projectOf(file: string, cwd: string): ProjectLookup | undefined {
    const configPath = this.configPathOf(dirname(file));
    if (!configPath) return undefined;
    const cached = this.projects.get(configPath);
    if (cached && cached.stamps.every(unchanged)) {
      const project = cached.lookup.project;
      if (project && this.now() - cached.globbedAt >= this.globEveryMs) {
        project.schemaFiles = schemaFiles(project.config);
        cached.globbedAt = this.now();
      }
      return cached.lookup;
    }
    const read = this.read(configPath, cwd);
    this.projects.set(configPath, read);
    return read.lookup;
  }

  /** A schema file other than the one being linted, parsed from disk (and kept while its stamp holds). */
  schemaFile(path: string, cwd: string): SchemaFileLookup {
    const cached = this.files.get(path);
    if (cached && unchanged(cached.stamp)) return cached.lookup;
    const stamp = stampOf(path);
    const lookup = parseSchemaFile(path, messageBase(cwd, path));
    this.files.set(path, { stamp, lookup });
    return lookup;
  }

  /** How many times a project was read from disk (for tests and benchmarks). */
  get reads(): number {
    return this.readCount;
  }

  private configPathOf(folder: string): string | undefined {
    const known = this.configPaths.get(folder);
    // A found config that has since been removed is looked for again.
    if (known === null || (known !== undefined && stampOf(known).mtimeMs !== -1)) return known ?? undefined;
    const found = findDrizzleConfig(folder) ?? null;
    this.configPaths.set(folder, found);
    return found ?? undefined;
  }

  private read(configPath: string, workingDirectory: string): CachedProject {
    this.readCount++;
    const cwd = messageBase(workingDirectory, configPath);
    const stamps = [stampOf(configPath)];
    const globbedAt = this.now();
    try {
      const config = readDrizzleConfig(configPath, cwd);
      assertPostgresDialect(config.dialect, config.shown);
      requireStatic(config, "out", "schema", "casing");
      if (config.schema.length === 0) throw new ConfigError(`${config.shown}: no "schema" set: rollsafe compares the schema files it names with the latest snapshot`);
      const latest = latestSnapshot(config.out, cwd, (path) => {
        stamps.push(stampOf(path));
        return readOrUndefined(path);
      });
      if (latest.missing) throw new ConfigError(`${latest.missing.path}: the snapshot of the journal's last entry (${latest.missing.tag}) does not exist: drizzle-kit generate cannot run without it either`);
      const project: DrizzleProject = { config, snapshot: latest.snapshot?.schema, snapshotPath: latest.path, schemaFiles: schemaFiles(config) };
      return { stamps, lookup: { project }, globbedAt };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return { stamps, lookup: { error: error.message }, globbedAt };
    }
  }
}

/** drizzle.config's `schema` expanded, in the platform's spelling (the linted file's path is compared with them). */
function schemaFiles(config: DrizzleConfig): string[] {
  return schemaFilePathsSync(config.schema).map((path) => resolve(path));
}

/** Messages show paths relative to the working directory when they are in it, else to the file's folder. */
function messageBase(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel.startsWith("..") || isAbsolute(rel) ? dirname(path) : cwd;
}

function parseSchemaFile(path: string, cwd: string): SchemaFileLookup {
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    return { error: `${shown}: cannot read the schema file: ${(error as Error).message}` };
  }
  try {
    const program = typescriptEstree().parse(text, { range: true, loc: true, jsx: /x$/.test(path), filePath: path });
    return { file: estreeSchemaFile(program, text, path) };
  } catch (error) {
    const where = error as { lineNumber?: number; column?: number; message: string };
    return { error: `${shown}${where.lineNumber !== undefined ? `:${where.lineNumber}:${(where.column ?? 0) + 1}` : ""}: ${where.message}` };
  }
}

let estree: typeof TypescriptEstree | undefined;

/** Loaded (with TypeScript) on the first schema file read from disk, never by a project that lints only SQL. */
function typescriptEstree(): typeof TypescriptEstree {
  estree ??= createRequire(import.meta.url)("@typescript-eslint/typescript-estree") as typeof TypescriptEstree;
  return estree;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
