// `verifyMigrations`: applies each migration set to a fresh engine, traces the checked migrations,
// cross-checks them against the static rules, round-trips down migrations, and diffs the catalog of
// the checked set. A library function returning a typed result; the CLI prints it.
import { resolve } from "node:path";
import { loadModel, saveModel, type Finding } from "@rollsafe/core";
import { loadParser, type MigrationSet, type Statement, type TransactionMode } from "@rollsafe/parser";
import type { ImageEntry } from "./cache/data-dir-image.js";
import { prefixKeys, StateCache, type CachedRun } from "./cache/state-cache.js";
import { loadCatalog, saveCatalog } from "./catalog/saved-catalog.js";
import { compatChanges } from "./catalog/compat.js";
import { diffCatalogs } from "./catalog/diff.js";
import { readCatalog, type Catalog } from "./catalog/snapshot.js";
import { crossCheck } from "./cross-check.js";
import { StaticPrediction, type Prediction } from "./static-prediction.js";
import type { Engine } from "./engine/engine.js";
import { openPglite, pgliteVersion, type PgliteEngine } from "./engine/pglite-engine.js";
import { openPostgres } from "./engine/postgres-engine.js";
import { extensionName } from "./trace/missing-extensions.js";
import { planMigration, type PlannedMigration } from "./plan.js";
import { Tracer } from "./trace/tracer.js";
import type { CompatChange, DownRoundTrip, MigrationTrace, StatementTrace, VerifyResult } from "./types.js";

export type EngineChoice = { kind: "pglite" } | { kind: "postgres"; url: string };

export interface VerifyProgress {
  path: string;
  /** 1-based statement number within the migration, and the migration's statement count. */
  statement: number;
  statements: number;
  /** 1-based migration number within the set, and the set's migration count. */
  migration: number;
  migrations: number;
}

export interface VerifyOptions {
  sets: readonly MigrationSet[];
  cwd: string;
  engine: EngineChoice;
  /** Overrides every set's transaction mode (config `migrations.transaction`). */
  transaction?: TransactionMode;
  /** Absolute paths of the checked migrations (`--changed-since`); the others are history, applied untraced. */
  checked?: ReadonlySet<string>;
  /**
   * The static findings on the checked set, to say which catalog changes a rule reported; a function is
   * called only when there is a change to match (a lint pass saved in the common case).
   */
  findings?: readonly Finding[] | (() => readonly Finding[] | Promise<readonly Finding[]>);
  /** Where engine states are cached (PGlite only); no cache when absent. */
  cacheDir?: string;
  /** Cache only the empty cluster (restored instead of initdb), not the states after migrations (tests). */
  baseImageOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
  /** Told when each phase ends (ROLLSAFE_TIMING=1 in the CLI). */
  timing?: { mark(phase: string): void };
}

export async function verifyMigrations(options: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  const result: VerifyResult = {
    engine: options.engine.kind,
    serverVersion: "",
    roots: options.sets.map((s) => s.root),
    migrations: [],
    statements: [],
    failure: null,
    missingExtensions: [],
    summary: { migrations: 0, statements: 0, applied: 0, failed: 0, notVerifiable: 0, rewrites: 0, mismatches: 0, downNotInverse: 0, fromCache: 0, durationMs: 0 },
  };
  for (const set of options.sets) {
    await verifySet(set, options, result);
    if (result.failure) break;
  }
  summarize(result, performance.now() - started);
  return result;
}

async function verifySet(given: MigrationSet, options: VerifyOptions, result: VerifyResult): Promise<void> {
  // Files the tool never applies (a drizzle file missing from the journal) are not applied here either.
  const set: MigrationSet = { ...given, migrations: given.migrations.filter((m) => m.notApplied === undefined) };
  const skipped = given.migrations.filter((m) => m.notApplied !== undefined).map((m): MigrationTrace => ({ path: m.path, name: m.name, source: "skipped", statements: 0, skipped: m.notApplied! }));
  try {
    await traceSet(set, options, result);
  } finally {
    result.migrations.push(...skipped);
  }
}

async function traceSet(set: MigrationSet, options: VerifyOptions, result: VerifyResult): Promise<void> {
  const isChecked = (path: string) => !options.checked || options.checked.has(resolve(options.cwd, path));
  const firstChecked = set.migrations.findIndex((m) => isChecked(m.path));
  if (firstChecked < 0) return;
  const base = options.engine.kind === "pglite" && options.cacheDir ? new StateCache(options.cacheDir) : undefined;
  const cache = options.baseImageOnly ? undefined : base;
  // The empty cluster depends on the PGlite version only; a state also on the layout and the transaction
  // mode, and on the migrations' texts, which say which extensions it holds.
  const baseSeed = base ? `pglite ${await pgliteVersion()}` : "";
  const keys = cache ? prefixKeys(`${baseSeed}\0${set.kind}\0${options.transaction ?? ""}`, set.migrations) : [];
  // With a checked set only the history before it can come from the cache; without, any prefix. Its
  // data directory gunzips on another thread while this one parses.
  let hit = cache?.find(keys, options.checked ? firstChecked : keys.length);
  await loadParser();
  options.timing?.mark("verify: loading the grammar");
  const plans = new Plans(set, options.transaction);
  // A state saved with its static model and extensions spares parsing the migrations it stands for.
  let skip = hit?.run.model && hit.run.extensions ? hit.run.count : 0;
  plans.parseFrom(skip);
  options.timing?.mark("verify: parsing the migrations");
  const image = hit ? await hit.image.catch(() => undefined) : undefined;
  if (hit && !image) {
    // An unreadable state: everything runs.
    hit = undefined;
    skip = 0;
    plans.parseFrom(0);
  }
  options.timing?.mark("verify: reading the cached state");
  const prefixExtensions = (count: number) => new Set([...(skip > 0 ? (hit?.run.extensions ?? []) : []), ...plans.extensions(skip, count)]);
  const extensions = prefixExtensions(set.migrations.length);
  const engine: Engine | PgliteEngine = await openEngine(options.engine, extensions, base, baseSeed, image);
  options.timing?.mark(`verify: starting the engine (${hit ? "state restored from the cache" : options.engine.kind})`);
  // Ctrl-C: a server's temporary database is dropped at once (FORCE ends a statement still running in it);
  // PGlite stops between statements.
  const dropNow = () => void (engine.kind === "postgres" ? engine.close().catch(() => undefined) : undefined);
  options.signal?.addEventListener("abort", dropNow, { once: true });
  try {
    result.serverVersion = engine.serverVersion;
    const tracer = await Tracer.create(engine);
    for (const name of hit?.run.missingExtensions ?? []) tracer.missing.add(name);
    const cachedModel = skip > 0 ? hit?.run.model : undefined;
    const predicted = new StaticPrediction(Math.floor(engine.versionNum / 10000), cachedModel ? loadModel(cachedModel) : undefined);
    // Without a saved model, the model is replayed through the migrations the cache stands for.
    if (!cachedModel) for (let i = 0; i < (hit?.run.count ?? 0); i++) predicted.replay(plans.get(i), i + 1);
    options.timing?.mark("verify: reading the relations, replaying the cached migrations' schema");
    const start = hit?.run.count ?? 0;
    const fromCache: CachedRun = hit?.run ?? { count: 0, migrations: [], statements: [], missingExtensions: [] };
    if (hit && !options.checked) {
      result.migrations.push(...fromCache.migrations.map((m) => ({ ...m, source: "cache" as const })));
      result.statements.push(...fromCache.statements);
    } else if (hit) {
      result.migrations.push(...set.migrations.slice(0, start).map((m): MigrationTrace => ({ path: m.path, name: m.name, source: "cache", statements: 0 })));
    }
    /** What is saved with a state after `count` migrations, besides the traces. */
    const stateOf = (count: number) => ({ count, missingExtensions: tracer.missing.extensions, model: saveModel(predicted.model), extensions: [...prefixExtensions(count)].sort() });
    const ownRun: CachedRun = { count: 0, migrations: [...fromCache.migrations], statements: [...fromCache.statements], missingExtensions: [] };
    let catalogBefore: Catalog | undefined;
    for (let i = start; i < set.migrations.length; i++) {
      const plan = plans.get(i);
      const checked = isChecked(plan.migration.path);
      if (checked && options.checked && !catalogBefore) {
        options.timing?.mark("verify: applying the history");
        const saved = hit?.run.count === i ? hit.run.catalog : undefined;
        catalogBefore = saved ? loadCatalog(saved) : await readCatalog(engine);
        options.timing?.mark(saved ? "verify: the catalog before the checked migrations (from the cache)" : "verify: reading the catalog before the checked migrations");
        if (cache && isPglite(engine) && hit?.run.count !== i && i > 0) {
          await saveState(cache, engine, keys[i - 1]!, { ...ownRun, ...stateOf(i), catalog: saveCatalog(catalogBefore) });
          options.timing?.mark("verify: saving the engine state after the history to the cache");
        }
      }
      const migrationTrace: MigrationTrace = { path: plan.migration.path, name: plan.migration.name, source: checked ? "traced" : "history", statements: plan.statements.length };
      const traces = await applyMigration(tracer, plan, checked, predicted, options, { index: i, total: set.migrations.length }, migrationTrace);
      result.migrations.push(migrationTrace);
      result.statements.push(...traces.traces);
      ownRun.migrations.push(migrationTrace);
      ownRun.statements.push(...traces.traces);
      if (traces.failure) {
        result.failure = traces.failure;
        break;
      }
    }
    options.timing?.mark("verify: applying and tracing the migrations");
    for (const name of tracer.missing.extensions) if (!result.missingExtensions.includes(name)) result.missingExtensions.push(name);
    if (result.failure) return;
    if (catalogBefore) {
      const catalogAfter = await readCatalog(engine);
      options.timing?.mark("verify: reading the catalog after the checked migrations");
      const compat = await compatChanges(catalogBefore, catalogAfter, () => (typeof options.findings === "function" ? options.findings() : (options.findings ?? [])));
      result.compat = [...(result.compat ?? []), ...compat];
      options.timing?.mark("verify: comparing the catalogs (and linting the checked migrations when a change needs matching)");
    }
    if (cache && isPglite(engine) && !options.checked && hit?.run.count !== set.migrations.length) {
      await saveState(cache, engine, keys[set.migrations.length - 1]!, { ...ownRun, ...stateOf(set.migrations.length) });
      options.timing?.mark("verify: saving the engine state to the cache");
    }
  } finally {
    options.signal?.removeEventListener("abort", dropNow);
    await engine.close();
    options.timing?.mark("verify: closing the engine");
  }
}

async function openEngine(choice: EngineChoice, extensions: ReadonlySet<string>, cache: StateCache | undefined, seed: string, image: ImageEntry[] | undefined): Promise<Engine | PgliteEngine> {
  if (choice.kind === "postgres") return openPostgres(choice.url);
  if (image) return openPglite({ extensions, image });
  const base = await cache?.readBase(seed);
  const engine = await openPglite({ extensions, ...(base ? { image: base } : {}) });
  if (cache && !base) cache.saveBase(seed, await engine.capture());
  return engine;
}

/** The set's migrations planned (parsed) on demand, each once. */
class Plans {
  private readonly plans: (PlannedMigration | undefined)[] = [];

  constructor(
    private readonly set: MigrationSet,
    private readonly transaction: TransactionMode | undefined,
  ) {}

  get(index: number): PlannedMigration {
    return (this.plans[index] ??= planMigration(this.set.migrations[index]!, this.set.kind, this.transaction));
  }

  parseFrom(index: number): void {
    for (let i = index; i < this.set.migrations.length; i++) this.get(i);
  }

  /** The extensions the migrations `from` .. `to` - 1 create. */
  extensions(from: number, to: number): string[] {
    const names: string[] = [];
    for (let i = from; i < to; i++) {
      for (const s of this.get(i).statements) {
        const name = extensionName(s.statement);
        if (name) names.push(name);
      }
    }
    return names;
  }
}

function isPglite(engine: Engine | PgliteEngine): engine is PgliteEngine {
  return engine.kind === "pglite" && "capture" in engine;
}

async function saveState(cache: StateCache, engine: PgliteEngine, key: string, run: CachedRun): Promise<void> {
  cache.save(key, await engine.capture(), run);
}

interface Applied {
  traces: StatementTrace[];
  failure?: VerifyResult["failure"];
}

async function applyMigration(tracer: Tracer, plan: PlannedMigration, checked: boolean, predicted: StaticPrediction, options: VerifyOptions, position: { index: number; total: number }, migrationTrace: MigrationTrace): Promise<Applied> {
  const { relations } = tracer;
  const roundTrip = checked && plan.migration.down !== undefined;
  const catalogBeforeUp = roundTrip ? await readCatalog(tracer.engine) : undefined;
  const onStatement = options.onProgress ? (index: number, total: number) => options.onProgress!({ path: plan.migration.path, statement: index + 1, statements: total, migration: position.index + 1, migrations: position.total }) : undefined;
  const predictions = checked ? predicted.migration(plan, position.index + 1) : new Map<Statement, Prediction>();
  if (!checked) predicted.replay(plan, position.index + 1);
  const run = await tracer.runMigration(plan, { trace: checked, ...(onStatement ? { onStatement } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  if (checked) {
    const existed = new Set([...run.existedBefore].flatMap((oid) => relations.get(oid)?.name ?? []));
    const byOffset = new Map(plan.statements.map((s) => [`${s.statement.range.start.line}:${s.statement.range.start.column}`, s.statement]));
    for (const trace of run.traces) {
      const statement = byOffset.get(`${trace.line}:${trace.column}`);
      if (!statement || trace.notVerifiable) continue;
      trace.notes.push(...crossCheck({ trace, statement, predicted: predictions.get(statement)!, kinds: tracer.kinds, indexTables: tracer.indexTables, existedBefore: existed }));
      if (plan.toolWraps && trace.transaction === "none") {
        trace.notes.push({ id: "runs-outside-tool-transaction", message: `run here outside a transaction block; the migration's tool runs it inside one (${plan.transaction}), where PostgreSQL refuses it (concurrently-in-transaction)` });
      }
    }
  }
  if (run.failure || !roundTrip || !catalogBeforeUp) return run;
  migrationTrace.down = await downRoundTrip(tracer, plan, catalogBeforeUp, options);
  return run;
}

/** Applies the down migration, compares the catalog with the one before up, then applies up again. */
async function downRoundTrip(tracer: Tracer, plan: PlannedMigration, before: Catalog, options: VerifyOptions): Promise<DownRoundTrip> {
  const down = plan.migration.down!;
  const downPlan = planMigration({ path: down.path, name: `${plan.migration.name} (down)`, text: down.text }, "plain", plan.transaction);
  const signal = options.signal ? { signal: options.signal } : {};
  const downRun = await tracer.runMigration(downPlan, { trace: false, ...signal });
  if (downRun.failure) {
    // Leave the database as the up migration left it, for the migrations after it.
    return { path: down.path, outcome: "failed", differences: [], error: downRun.failure };
  }
  const differences = diffCatalogs(before, await readCatalog(tracer.engine));
  const again = await tracer.runMigration(plan, { trace: false, ...signal });
  const outcome: DownRoundTrip = { path: down.path, outcome: differences.length > 0 ? "down-not-inverse" : "ok", differences };
  if (again.failure) outcome.error = again.failure;
  return outcome;
}

function summarize(result: VerifyResult, durationMs: number): void {
  const s = result.summary;
  s.migrations = result.migrations.filter((m) => m.source !== "skipped").length;
  s.statements = result.statements.length;
  s.failed = result.failure ? 1 : 0;
  s.notVerifiable = result.statements.filter((t) => t.notVerifiable).length;
  s.applied = result.statements.filter((t) => !t.error).length;
  s.rewrites = result.statements.filter((t) => t.rewrote.length > 0).length;
  s.mismatches = result.statements.reduce((n, t) => n + t.notes.filter((note) => note.id === "static-observed-mismatch").length, 0);
  s.downNotInverse = result.migrations.filter((m) => m.down?.outcome === "down-not-inverse").length;
  s.fromCache = result.migrations.filter((m) => m.source === "cache").length;
  s.durationMs = Math.round(durationMs);
}

export type { CompatChange };
