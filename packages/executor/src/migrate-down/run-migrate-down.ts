// `rollsafe migrate-down`: the last-resort path, exactly one down migration per run, with a named
// approver and a reason. It lists the data the step destroys, takes a schema-only snapshot, runs the
// down SQL and the tracking-table update in one transaction, checks the tracking table and the
// catalog against the previous migration before COMMIT (a disagreement rolls everything back), and
// appends an audit record whatever happens.
import { join, resolve } from "node:path";
import {
  ConfigError,
  connectTimeoutMs,
  DEFAULT_AUDIT_FILE,
  findMigrationsDir,
  lintRelease,
  loadConfig,
  locateRelease,
  resolveRange,
  STEP_TIMEOUT_DEFAULTS,
  type Corrective,
  type Finding,
  type RollsafeConfig,
} from "@rollsafe/core";
import { loadParser, parseSqlText, readMigrationSets, SOURCE_KINDS, type MigrationSet, type SourceKind, type Statement } from "@rollsafe/parser";
import { ALL_RULES, lintOptionsFromConfig } from "@rollsafe/rules";
import type { Client as PgClient } from "pg";
import { appendAudit, finishRecord, recordBase, type AuditRecord, type Outcome } from "../audit/audit-record.js";
import { recoverAbandoned, startJournal, type RunJournal } from "../audit/run-journal.js";
import { ConnectStopped, connectWithin } from "./connect.js";
import { acquireLock, LOCK_FILE, LockBusyError, type HeldLock } from "../lock/lock-file.js";
import { formatSeconds } from "../run/run-command.js";
import type { StepRecord } from "../run/step-record.js";
import { checkCatalog, expectedChange, type Expectation } from "./catalog-check.js";
import { parseDatabaseUrl, type DatabaseUrl } from "./database-url.js";
import { dataLossOf, downFindings, refuseUnrunnable } from "./down-findings.js";
import { downTarget, type DownTarget } from "./down-target.js";
import { MigrateDownRefusal } from "./refusal.js";
import { takeSnapshot, type Snapshot } from "./schema-snapshot.js";
import { checkTracking, readTracking, trackingUpdate, type DownSource } from "./tracking-table.js";

export interface MigrateDownOptions {
  cwd: string;
  config?: string;
  /** The migrations folder (default: the config's, or a usual folder). */
  path?: string;
  source?: string;
  /** Must be 1: one step per run. */
  steps: string;
  approvedBy?: string;
  reason?: string;
  /** Default: DATABASE_URL from the environment. */
  databaseUrl?: string;
  /** Default `schema_migrations`. */
  migrationsTable?: string;
  /** How long the step may wait for a lock (PostgreSQL syntax: `5s`, `500ms`, `1min`; default `5s`). */
  lockTimeout?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  progress?: (line: string) => void;
}

export interface MigrateDownRun {
  outcome: Outcome;
  exitCode: 0 | 1 | 130;
  reason: string;
  source?: SourceKind;
  database?: string;
  target?: { path: string; downPath: string; version: string; previous: string | null };
  /** The findings on the down SQL, and those among them that destroy data. */
  findings: Finding[];
  dataLoss: Finding[];
  snapshot?: Snapshot;
  /** What was checked in the catalog before COMMIT. */
  checked?: Expectation;
  /** Where the tracking table or the catalog disagreed (the transaction was rolled back). */
  mismatches: string[];
  /** For sources without down migrations: the report's corrective forward migrations. */
  correctives: Corrective[];
  steps: StepRecord[];
  warnings: string[];
  auditFile: string;
  record: AuditRecord;
}

const DOWN_SOURCES: readonly SourceKind[] = ["golang-migrate", "dbmate"];
const LOCK_TIMEOUT = /^\d+(?:\.\d+)?\s*(?:ms|s|min)?$/;

export async function runMigrateDown(options: MigrateDownOptions): Promise<MigrateDownRun> {
  const started = new Date();
  const env = options.env ?? process.env;
  const progress = options.progress ?? (() => undefined);
  const base = recordBase("migrate-down", "execute", started, env);
  const approval = { by: options.approvedBy?.trim() ?? "", reason: options.reason?.trim() ?? "" };
  if (approval.by) base.who.approvedBy = approval.by;
  let auditFile = resolve(options.cwd, DEFAULT_AUDIT_FILE);
  const run: Omit<MigrateDownRun, "outcome" | "exitCode" | "reason" | "record" | "auditFile"> = { findings: [], dataLoss: [], mismatches: [], correctives: [], steps: [], warnings: [] };
  let journal: RunJournal | undefined;
  const finish = (outcome: Outcome, exitCode: 0 | 1 | 2 | 130, reason: string): AuditRecord => {
    const record = finishRecord(base, started, {
      outcome,
      exitCode,
      reason,
      steps: run.steps,
      ...(approval.by ? { approval } : {}),
      ...(run.database ? { database: run.database } : {}),
      ...(run.target ? { migrations: [run.target.path], versions: { from: run.target.version, to: run.target.previous } } : {}),
      ...(run.snapshot ? { snapshot: run.snapshot.file } : {}),
      ...(run.dataLoss.length > 0 ? { dataLoss: run.dataLoss.map((f) => `${f.path}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}: ${f.message}`) } : {}),
      ...(run.warnings.length > 0 ? { warnings: run.warnings } : {}),
    });
    if (journal) journal.finish(record, [options.databaseUrl, env.DATABASE_URL]);
    else appendAudit(auditFile, record, [options.databaseUrl, env.DATABASE_URL]);
    return record;
  };
  const done = (outcome: Outcome, exitCode: 0 | 1 | 130, reason: string): MigrateDownRun => ({ ...run, outcome, exitCode, reason, auditFile, record: finish(outcome, exitCode, reason) });

  let config: RollsafeConfig;
  let baseDir: string;
  let database: DatabaseUrl;
  let set: MigrationSet;
  try {
    validateFlags(options, approval);
    database = parseDatabaseUrl(options.databaseUrl ?? env.DATABASE_URL ?? "");
    run.database = database.shown;
    ({ config, baseDir } = loadConfig(options.cwd, options.config, new Set(ALL_RULES.map((r) => r.id))));
    auditFile = resolve(baseDir, config.rollback?.auditFile ?? DEFAULT_AUDIT_FILE);
    set = readSet(options, config, baseDir, run.warnings);
  } catch (error) {
    if (error instanceof ConfigError) finish("refused", 2, error.message);
    throw error;
  }
  run.source = set.kind;
  if (!DOWN_SOURCES.includes(set.kind)) {
    run.correctives = await reportCorrectives(options, config, baseDir, run.warnings);
    return done("refused", 1, noDownMigrations(set.kind, run.correctives.length));
  }
  const source = set.kind as DownSource;
  const table = options.migrationsTable ?? "schema_migrations";
  await loadParser();

  let lock: HeldLock;
  try {
    lock = acquireLock(resolve(baseDir, LOCK_FILE), `rollsafe migrate-down (${database.shown})`);
  } catch (error) {
    if (error instanceof LockBusyError) return done("refused", 1, error.message);
    throw error;
  }
  if (lock.tookOver) {
    run.warnings.push(lock.tookOver);
    progress(`warning: ${lock.tookOver}`);
  }
  for (const w of recoverAbandoned(auditFile)) {
    run.warnings.push(w);
    progress(`warning: ${w}`);
  }
  try {
    // Written before the database is touched: a run killed halfway still leaves its record.
    journal = startJournal(auditFile, finishRecord(base, started, { outcome: "running", exitCode: null, steps: [], ...(approval.by ? { approval } : {}), database: database.shown }));
  } catch (error) {
    lock.release();
    throw new ConfigError(`migrate-down: cannot write the audit record beside ${auditFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): nothing was changed`);
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: database.url, application_name: "rollsafe migrate-down" });
  try {
    try {
      await connectWithin(client, connectTimeoutMs(database.url), options.signal);
    } catch (error) {
      if (error instanceof ConnectStopped && error.interrupted) return done("interrupted", 130, `${error.message} to ${database.shown}: nothing was changed`);
      return done("refused", 1, `cannot connect to ${database.shown}: ${(error as Error).message}`);
    }
    const state = await readTracking(client, source, table).catch((error: { code?: string; message: string }) => {
      if (error.code === "42P01") throw new MigrateDownRefusal(`${database.shown} has no ${table} table: it is not migrated by ${source} (or pass --migrations-table)`);
      throw error;
    });
    if (!state) throw new MigrateDownRefusal(`${table} in ${database.shown} is empty: no migration is applied, there is nothing to go down from`);
    const target = downTarget(set, source, state, table);
    run.target = { path: target.migration.path, downPath: target.down.path, version: target.version, previous: target.previous ?? null };
    refuseUnrunnable(target);
    run.findings = downFindings(set, target, lintOptionsFromConfig(config), options.cwd);
    run.dataLoss = dataLossOf(run.findings);
    announce(progress, target, run.dataLoss, approval, database, table);

    // 1. The snapshot: nothing runs without one.
    const snapshotStep: StepRecord = { name: "snapshot", kind: "snapshot", outcome: "ok", startedAt: new Date().toISOString() };
    run.steps.push(snapshotStep);
    const snapStarted = performance.now();
    const stamp = started.toISOString().replace(/[:.]/g, "-");
    try {
      run.snapshot = await takeSnapshot({ db: client, database, basePath: join(baseDir, ".rollsafe", "snapshots", `${stamp}-${safeName(database.database)}-before-down-${target.version}`), env, timeoutMs: 1000 * (config.rollback?.timeouts?.prepare ?? STEP_TIMEOUT_DEFAULTS.prepare), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      Object.assign(snapshotStep, { outcome: options.signal?.aborted ? "interrupted" : "failed", detail: (error as Error).message, durationMs: Math.round(performance.now() - snapStarted) });
      if (options.signal?.aborted) return done("interrupted", 130, "interrupted (Ctrl-C) while taking the snapshot: nothing was changed");
      return done("failed", 1, `the schema snapshot failed, so the down step did not run: ${(error as Error).message}`);
    }
    Object.assign(snapshotStep, { durationMs: Math.round(performance.now() - snapStarted), file: run.snapshot.file, detail: run.snapshot.method === "pg_dump" ? "pg_dump --schema-only" : `catalog query dump (${run.snapshot.fallback})` });
    if (run.snapshot.fallback) run.warnings.push(`${run.snapshot.fallback}: the snapshot is a catalog query dump (${run.snapshot.file})`);
    progress(`[1/3] snapshot: ${run.snapshot.file} (${run.snapshot.method === "pg_dump" ? "pg_dump --schema-only" : `catalog query dump: ${run.snapshot.fallback}`})`);
    if (options.signal?.aborted) return done("interrupted", 130, "interrupted (Ctrl-C) after the snapshot: nothing was changed");

    // 2. The down SQL and the tracking update, one transaction; 3. the checks, before COMMIT.
    const expectation = expectedChange(set.migrations.slice(0, target.index), set.migrations.slice(0, target.index + 1));
    run.checked = expectation;
    const outcome = await downTransaction(client, { source, table, target, state, expectation, lockTimeout: options.lockTimeout ?? "5s", database, progress, ...(options.signal ? { signal: options.signal } : {}) }, run);
    if (outcome) return outcome === "interrupted" ? done("interrupted", 130, "interrupted (Ctrl-C): the transaction was rolled back; nothing was changed") : done("failed", 1, run.steps.find((s) => s.outcome === "failed")?.detail ?? "failed");

    const after = await readTracking(client, source, table);
    const now = after?.current ?? "none";
    return done("succeeded", 0, `reverted ${target.migration.name} (version ${target.version}); ${table} now at ${now}`);
  } catch (error) {
    if (error instanceof MigrateDownRefusal) return done("refused", 1, error.message);
    // The server's errors (permissions, a lost connection) are the run's outcome, not a crash.
    if (error instanceof pg.DatabaseError || (error as NodeJS.ErrnoException).code !== undefined) return done("failed", 1, `${database.shown}: ${(error as Error).message}`);
    finish("failed", 1, (error as Error).message);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
    lock.release();
  }
}

interface TransactionInput {
  source: DownSource;
  table: string;
  target: DownTarget;
  state: NonNullable<Awaited<ReturnType<typeof readTracking>>>;
  expectation: Expectation;
  lockTimeout: string;
  database: DatabaseUrl;
  progress: (line: string) => void;
  signal?: AbortSignal;
}

/** Runs the step; returns undefined when it committed, or why it was rolled back. */
async function downTransaction(client: PgClient, input: TransactionInput, run: { steps: StepRecord[]; mismatches: string[] }): Promise<"failed" | "interrupted" | undefined> {
  const { target, table } = input;
  const downStep: StepRecord = { name: "down", kind: "down-migration", file: target.down.path, outcome: "ok", startedAt: new Date().toISOString() };
  run.steps.push(downStep);
  const started = performance.now();
  input.progress(`[2/3] down: ${target.down.path} and the ${table} update, in one transaction (lock_timeout ${input.lockTimeout})`);
  const statements = parseSqlText(target.down.text).statements;
  let at: Statement | undefined;
  const cancel = () => void cancelBackend(input.database, client);
  input.signal?.addEventListener("abort", cancel, { once: true });
  try {
    await client.query("BEGIN");
    try {
      await client.query(`SET LOCAL lock_timeout = '${input.lockTimeout.replace(/\s+/g, "")}'`);
      // Statement by statement inside the one transaction, so a failure names its statement's line.
      for (const statement of statements) {
        if (input.signal?.aborted) throw new Error("interrupted");
        at = statement;
        await client.query(statement.text);
      }
      at = undefined;
      for (const statement of trackingUpdate(input.source, table, target.version, target.previous)) await client.query(statement.text, statement.values);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      const interrupted = !!input.signal?.aborted;
      Object.assign(downStep, { outcome: interrupted ? "interrupted" : "failed", durationMs: Math.round(performance.now() - started), detail: interrupted ? "interrupted: rolled back" : `${describePgError(error, target.down.path, at)}; the transaction was rolled back: the schema and ${table} are unchanged` });
      input.progress(`[2/3] down: ${downStep.detail}`);
      return interrupted ? "interrupted" : "failed";
    }
    downStep.durationMs = Math.round(performance.now() - started);
    input.progress(`[2/3] down: ran (${formatSeconds(performance.now() - started)}), not yet committed`);

    const verify: StepRecord = { name: "verify", kind: "verify", outcome: "ok", startedAt: new Date().toISOString() };
    run.steps.push(verify);
    const mismatches = [...(await checkTracking(client, input.source, table, input.state, target.previous)), ...(await checkCatalog(client, input.expectation))];
    if (mismatches.length > 0 || input.signal?.aborted) {
      await client.query("ROLLBACK");
      run.mismatches = mismatches;
      const interrupted = mismatches.length === 0;
      Object.assign(verify, { outcome: interrupted ? "interrupted" : "failed", detail: interrupted ? "interrupted: rolled back" : `the database does not match the previous migration: ${mismatches.join("; ")}; the transaction was rolled back: nothing was changed` });
      input.progress(`[3/3] verify: ${verify.detail}`);
      return interrupted ? "interrupted" : "failed";
    }
    await client.query("COMMIT");
    const checked = input.expectation.present.length + input.expectation.absent.length;
    verify.detail = `${table} holds ${target.previous ?? "no version"}; ${checked} catalog object(s) as the previous migration has them`;
    input.progress(`[3/3] verify: ${verify.detail}; committed`);
    return undefined;
  } finally {
    input.signal?.removeEventListener("abort", cancel);
  }
}

/** Ctrl-C while a statement runs: ask the server to cancel it (from a second connection). */
async function cancelBackend(database: DatabaseUrl, client: PgClient): Promise<void> {
  const pid = (client as unknown as { processID?: number }).processID;
  if (pid === undefined) return;
  const { default: pg } = await import("pg");
  const other = new pg.Client({ connectionString: database.url, application_name: "rollsafe migrate-down (cancel)", connectionTimeoutMillis: connectTimeoutMs(database.url) });
  try {
    await other.connect();
    await other.query("SELECT pg_cancel_backend($1)", [pid]);
  } catch {
    // The statement finishes on its own; the transaction is rolled back after it.
  } finally {
    await other.end().catch(() => undefined);
  }
}

/** `migrations/2_x.down.sql:3:1: relation "nope" does not exist`: the failing statement, and the server's position in it when it gives one. */
function describePgError(error: unknown, path: string, statement: Statement | undefined): string {
  const e = error as { message?: string; position?: string };
  if (!statement) return `${path}: ${e.message}`;
  let { line, column } = statement.range.start;
  const position = Number(e.position);
  if (Number.isInteger(position) && position > 0) {
    const before = statement.text.slice(0, position - 1).split("\n");
    if (before.length > 1) column = before.at(-1)!.length + 1;
    else column += before[0]!.length;
    line += before.length - 1;
  }
  return `${path}:${line}:${column}: ${e.message}`;
}

function validateFlags(options: MigrateDownOptions, approval: { by: string; reason: string }): void {
  if (options.steps.trim() !== "1") throw new ConfigError(`migrate-down: --steps ${options.steps}: exactly one step per run (--steps 1); run it again for the next step, after checking the first`);
  if (!approval.by) throw new ConfigError("migrate-down: --approved-by <name> is required: who approved running a down migration");
  if (!approval.reason) throw new ConfigError("migrate-down: --reason <text> is required: why the last-resort path is taken");
  if (options.lockTimeout !== undefined && !LOCK_TIMEOUT.test(options.lockTimeout.trim())) throw new ConfigError(`migrate-down: --lock-timeout ${JSON.stringify(options.lockTimeout)}: expected a duration such as 5s, 500ms or 1min`);
  if (options.migrationsTable !== undefined && !/^[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?$/.test(options.migrationsTable)) throw new ConfigError(`migrate-down: --migrations-table ${JSON.stringify(options.migrationsTable)}: expected a table name, optionally schema-qualified`);
  if (options.databaseUrl === undefined && !(options.env ?? process.env).DATABASE_URL) throw new ConfigError("migrate-down: --database-url <url> is required (or DATABASE_URL in the environment)");
}

function readSet(options: MigrateDownOptions, config: RollsafeConfig, baseDir: string, warnings: string[]): MigrationSet {
  const dir = options.path !== undefined ? resolve(options.cwd, options.path) : config.migrations?.dir ? resolve(baseDir, config.migrations.dir) : findMigrationsDir(options.cwd);
  if (dir === undefined) throw new ConfigError("migrate-down: no migrations folder found here: pass a path or set migrations.dir in rollsafe.config.json");
  const source = parseSource(options.source) ?? config.migrations?.source;
  const read = readMigrationSets([resolve(options.cwd, dir)], { cwd: options.cwd, ...(source ? { source } : {}) });
  for (const p of read.problems) warnings.push(`${p.path}: ${p.message}`);
  if (read.sets.length !== 1) throw new ConfigError(`migrate-down: ${dir}: ${read.sets.length === 0 ? "no migrations found" : `${read.sets.length} migration folders found: pass the folder of one of them`}`);
  return read.sets[0]!;
}

function parseSource(source: string | undefined): SourceKind | undefined {
  if (source === undefined) return undefined;
  if (!(SOURCE_KINDS as readonly string[]).includes(source)) throw new ConfigError(`--source: unknown source "${source}"; use one of: ${SOURCE_KINDS.join(", ")}`);
  return source as SourceKind;
}

function noDownMigrations(kind: SourceKind, correctives: number): string {
  const tool = { drizzle: "drizzle-kit", prisma: "Prisma Migrate", plain: "plain SQL migrations", "golang-migrate": "golang-migrate", dbmate: "dbmate" }[kind];
  const next = correctives > 0 ? "ship the corrective forward migration below instead" : "ship a corrective forward migration instead (rollsafe report <from>..<to> lists them)";
  return `${tool} ${kind === "plain" ? "have" : "has"} no down migrations: there is no step to run down; ${next}`;
}

/** The report's corrective forward migrations for the latest release (latest tag..HEAD), when git can tell. */
async function reportCorrectives(options: MigrateDownOptions, config: RollsafeConfig, baseDir: string, warnings: string[]): Promise<Corrective[]> {
  try {
    const located = locateRelease({ cwd: options.cwd, config, baseDir, command: "migrate-down", ...(options.path !== undefined ? { path: options.path } : {}) });
    const range = resolveRange(located.layout.root, undefined);
    const linted = await lintRelease(located.layout, range, lintOptionsFromConfig(config));
    return linted.assessment.correctives;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    warnings.push(`no corrective migrations: ${error.message}`);
    return [];
  }
}

function announce(progress: (line: string) => void, target: DownTarget, dataLoss: Finding[], approval: { by: string; reason: string }, database: DatabaseUrl, table: string): void {
  progress(`migrate-down: reverting ${target.migration.name} (version ${target.version}) in ${database.shown}; ${table} goes to ${target.previous ?? "no version"}`);
  progress(`  approved by ${approval.by}: ${approval.reason}`);
  if (dataLoss.length === 0) progress("  destroys: nothing the rules know of");
  for (const f of dataLoss) progress(`  destroys: ${f.path}:${f.range.start.line}:${f.range.start.column} ${f.ruleId}: ${f.message}`);
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, "_").slice(0, 60);
}
