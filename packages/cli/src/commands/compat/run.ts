// `rollsafe compat --base <ref>`: the library function (a typed result). Would the previous release's code
// (at <ref>) still work against the schema after the migrations added since? And does the current code
// still use what those migrations drop?
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { ConfigError, loadConfig, repoRoot, replayStatement, resolveCommit, SchemaModel, snapshotAt } from "@rollsafe/core";
import { assertPostgresDialect, extractDrizzleSchema, findCompatBreaks, findProjectMigrationsDir, schemaAtBase, findDrizzleConfig, findStaleReferences, latestSnapshot, readDrizzleConfig, requireStatic, schemaFilePaths, schemaFromModel, tableKey, type CompatBreak, type DrizzleConfig, type DrizzleSchema, type DroppedTarget, type StaleReference } from "@rollsafe/drizzle";
import { loadParser, parseSqlText, readMigrationSets, type MigrationSet, type SourceProblem } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";

export interface CompatOptions {
  base: string;
  /** The migrations folder (default: migrations.dir, drizzle.config's out, or a usual place). */
  path?: string;
  cwd: string;
  config?: string;
  drizzleConfig?: string;
  /** Skip the scan of the current code (`--no-references`). */
  references?: boolean;
}

export type ExpectationSource = "schema file" | "snapshot" | "migrations";

export interface CompatRun {
  base: { ref: string; commit: string };
  /** The migrations folder, relative to the working directory. */
  dir: string;
  /** The migrations added since the base (display paths). */
  newMigrations: string[];
  /** What the previous release's expectations were read from, at the base. */
  expectations: { source: ExpectationSource; files: string[] };
  breaks: CompatBreak[];
  /** The current code's uses of dropped tables and columns (undefined: not scanned, and why). */
  references: StaleReference[];
  referencesSkipped?: string;
  problems: SourceProblem[];
}

export async function runCompat(options: CompatOptions): Promise<CompatRun> {
  const parserReady = loadParser();
  const { config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id)));
  const cwd = realpathSync(options.cwd);
  let root: string;
  try {
    root = realpathSync(repoRoot(cwd));
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`compat: ${options.cwd} is not inside a git repository`);
    throw error;
  }
  const commit = resolveCommit(root, options.base, "--base");
  const drizzle = drizzleProject(cwd, options.drizzleConfig);
  const dirAbs = options.path !== undefined ? resolve(cwd, options.path) : config.migrations?.dir ? resolve(realpathSync(baseDir), config.migrations.dir) : drizzle ? drizzle.out : defaultDir(cwd);
  if (!existsSync(dirAbs)) throw new ConfigError(`compat: ${relative(cwd, dirAbs) || dirAbs}: no such folder`);
  const source = config.migrations?.source;
  const current = readMigrationSets([dirAbs], { cwd, ...(source ? { source } : {}) });
  for (const set of current.sets) if (set.journal) assertPostgresDialect(set.journal.dialect, set.journal.path);

  const scratch = mkdtempSync(join(tmpdir(), "rollsafe-compat-"));
  try {
    const layout = { root, cwd: toRepoPath(root, cwd), dir: toRepoPath(root, dirAbs), ...(source ? { source } : {}) };
    const atBase = snapshotAt(layout, commit, scratch, new Map());
    const isNew = (path: string) => !atBase.files.has(toRepoPath(root, resolve(cwd, path)));
    const newMigrations = current.sets.flatMap((s) => s.migrations.map((m) => m.path)).filter(isNew);
    await parserReady;
    const expectations = await expectationsAtBase({ root, cwd, commit, drizzle, scratch, baseDir: join(atBase.base, layout.dir), baseSets: atBase.sets, display: (p) => relative(cwd, resolve(root, relative(atBase.base, p))) || p });
    const breaks = findCompatBreaks({ sets: current.sets, isNew: (m) => isNew(m.path), expected: expectations.schema });
    const run: CompatRun = {
      base: { ref: options.base, commit },
      dir: relative(cwd, dirAbs) || ".",
      newMigrations,
      expectations: { source: expectations.source, files: expectations.files },
      breaks,
      references: [],
      problems: current.problems,
    };
    const scan = options.references === false ? { skipped: "--no-references" } : await staleReferences(cwd, drizzle, breaks, expectations.schema);
    if ("skipped" in scan) run.referencesSkipped = scan.skipped;
    else run.references = scan.references;
    return run;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** 1 when the previous release breaks, or the current code uses what the migrations drop. */
export function compatFailed(run: CompatRun): boolean {
  return run.breaks.length > 0 || run.references.length > 0 || run.problems.some((p) => p.severity === "error");
}

function drizzleProject(cwd: string, explicit: string | undefined): DrizzleConfig | undefined {
  const path = explicit !== undefined ? resolve(cwd, explicit) : findDrizzleConfig(cwd);
  if (explicit !== undefined && !existsSync(path!)) throw new ConfigError(`${explicit}: drizzle config file not found`);
  if (!path) return undefined;
  const config = readDrizzleConfig(path, cwd);
  assertPostgresDialect(config.dialect, config.shown);
  requireStatic(config, "out", "schema", "casing");
  return config;
}

interface BaseContext {
  root: string;
  cwd: string;
  commit: string;
  drizzle: DrizzleConfig | undefined;
  scratch: string;
  /** The migrations folder as the base holds it, in the scratch folder. */
  baseDir: string;
  baseSets: MigrationSet[];
  display: (path: string) => string;
}

/** The schema file(s) at the base; else the latest snapshot there; else the base's migrations replayed. */
async function expectationsAtBase(ctx: BaseContext): Promise<{ source: ExpectationSource; files: string[]; schema: DrizzleSchema }> {
  if (ctx.drizzle && ctx.drizzle.schema.length > 0) {
    const files = await schemaAtBase(ctx.root, ctx.cwd, ctx.commit, ctx.drizzle.schema, ctx.scratch);
    if (files.sources.length > 0) {
      const { schema } = extractDrizzleSchema(files.sources, { display: files.display, ...(ctx.drizzle.casing ? { casing: ctx.drizzle.casing } : {}) });
      return { source: "schema file", files: files.sources.map((s) => files.display(s.path)), schema };
    }
  }
  const latest = latestSnapshot(ctx.baseDir, ctx.cwd);
  if (latest.snapshot) {
    const shown = ctx.display(resolve(ctx.cwd, latest.path!));
    const schema = { ...latest.snapshot.schema, tables: latest.snapshot.schema.tables.map((t) => relocate(t, shown)) };
    return { source: "snapshot", files: [shown], schema };
  }
  const model = new SchemaModel();
  for (const set of ctx.baseSets) for (const m of set.migrations) for (const statement of parseSqlText(m.text).statements) replayStatement(model, statement, "history");
  return { source: "migrations", files: ctx.baseSets.flatMap((s) => s.migrations.map((m) => ctx.display(resolve(ctx.cwd, m.path)))).slice(-1), schema: schemaFromModel(model) };
}

/** Snapshot locations name the scratch copy: show the file's path in the repository instead. */
function relocate<T extends { location?: { file: string }; columns: { location?: { file: string } }[] }>(table: T, file: string): T {
  return { ...table, ...(table.location ? { location: { ...table.location, file } } : {}), columns: table.columns.map((c) => (c.location ? { ...c, location: { ...c.location, file } } : c)) };
}

/** The scan of the current code, when there are dropped tables or columns and TypeScript to scan. */
async function staleReferences(cwd: string, drizzle: DrizzleConfig | undefined, breaks: CompatBreak[], expected: DrizzleSchema): Promise<{ references: StaleReference[] } | { skipped: string }> {
  const dropped = breaks.filter((b) => b.kind === "table-dropped" || b.kind === "table-renamed" || b.kind === "column-dropped" || b.kind === "column-renamed");
  if (dropped.length === 0) return { references: [] };
  if (!drizzle || drizzle.schema.length === 0) return { skipped: "no drizzle.config with a schema: the current code's TypeScript was not scanned" };
  const schemaFiles = await schemaFilePaths(drizzle.schema);
  const currentSchema = schemaFiles.length > 0 ? extractDrizzleSchema(schemaFiles.map((path) => ({ path, text: readText(path) })), { cwd, ...(drizzle.casing ? { casing: drizzle.casing } : {}) }).schema : undefined;
  const targets: DroppedTarget[] = [];
  for (const b of dropped) {
    // The TypeScript names: from the current schema file when it still declares them, else the old one's.
    const table = [currentSchema, expected].map((s) => s?.tables.find((t) => tableKey(t) === b.table && t.tsName)).find(Boolean);
    if (!table?.tsName) continue;
    if (b.column === undefined) targets.push({ table: b.table, tsTable: table.tsName });
    else {
      const key = [currentSchema, expected].map((s) => s?.tables.find((t) => tableKey(t) === b.table)?.columns.find((c) => c.name === b.column)?.key).find(Boolean);
      if (key) targets.push({ table: b.table, tsTable: table.tsName, column: b.column, key });
    }
  }
  const tsconfig = findUp(drizzle.dir, "tsconfig.json", cwd);
  // Row types inferred through drizzle-orm only matter while the current schema file still declares a
  // dropped column or table (otherwise no inferred type has it): only then load drizzle-orm's types.
  const stillDeclared = targets.some((t) => currentSchema?.tables.some((table) => tableKey(table) === t.table && (t.column === undefined || table.columns.some((c) => c.name === t.column))));
  return { references: findStaleReferences({ ...(tsconfig ? { tsconfig } : {}), schemaFiles, targets, cwd, inferTypes: stillDeclared }) };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function findUp(from: string, name: string, stopAbove: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dir === stopAbove || dirname(dir) === dir || !isInside(dir, stopAbove)) return existsSync(join(stopAbove, name)) ? join(stopAbove, name) : undefined;
  }
}

function isInside(dir: string, parent: string): boolean {
  const rel = relative(parent, dir);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function defaultDir(cwd: string): string {
  const dir = findProjectMigrationsDir(cwd);
  if (!dir) throw new ConfigError("compat: no migrations folder found here: pass it (rollsafe compat --base <ref> <dir>) or set migrations.dir in rollsafe.config.json");
  return resolve(cwd, dir);
}

function toRepoPath(root: string, abs: string): string {
  let real = abs;
  try {
    real = realpathSync(abs);
  } catch {
    // A path the working tree does not have: its spelling is all we need.
  }
  const rel = relative(root, real);
  if (rel.startsWith("..") || isAbsolute(rel)) throw new ConfigError(`compat: ${abs} is outside the git repository ${root}`);
  return rel === "" ? "." : rel.split("\\").join("/");
}
