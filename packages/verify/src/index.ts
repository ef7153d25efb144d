export { verifyMigrations, type VerifyOptions, type VerifyProgress, type EngineChoice } from "./verify.js";
export { ServerError, type Engine, type EngineKind } from "./engine/engine.js";
export { openPglite, pgliteVersion, type PgliteEngine, type PgliteOptions } from "./engine/pglite-engine.js";
export { openPostgres, redactUrl, type PostgresEngine } from "./engine/postgres-engine.js";
export { pgliteHasExtension } from "./engine/extensions.js";
export { planMigration, cannotRunInTransaction, type PlannedMigration, type PlannedStatement, type RunMode } from "./plan.js";
export { readCatalog, type Catalog } from "./catalog/snapshot.js";
export { diffCatalogs } from "./catalog/diff.js";
export type * from "./types.js";
