// @rollsafe/drizzle: Drizzle projects as rollsafe sees them. Three layers over one neutral, plain-data
// schema (DrizzleSchema): schema files (extractSchemaFromFiles, ts-morph loaded lazily), drizzle-kit
// snapshots (readSnapshotText), and their pure diff (diffDrizzleSchemas). Beside them: the snapshot
// checks the lint engine runs, drizzle.config discovery, and the previous-release compatibility check.
export type { DrizzleSchema, DrizzleTable, DrizzleColumn, DrizzleReference, DrizzleUnique, DrizzleIndex, DrizzleEnum, SourceLocation } from "./schema/types.js";
export { tableKey } from "./schema/types.js";
export { columnTypeFromSql, typeSpelling } from "./schema/sql-type.js";
export { readSnapshotText, SnapshotError, type Snapshot, type ReadSnapshotOptions } from "./snapshot/read-snapshot.js";
export { compareWithSnapshot, type Drift, type DriftKind } from "./snapshot/drift.js";
export { snapshotChecks, snapshotFileName } from "./snapshot/snapshot-checks.js";
export { findDrizzleConfig, DRIZZLE_CONFIG_NAMES } from "./config/find-config.js";
export { readDrizzleConfig, requireStatic, type DrizzleConfig, type DrizzleCasing, type ConfigField } from "./config/read-config.js";
export { isPostgresDialect, assertPostgresDialect } from "./config/dialect.js";
export { extractDrizzleSchema, type SchemaSource, type ExtractOptions, type ExtractResult, type ExtractProblem } from "./extract/extract-schema.js";
export { toSnakeCase, toCamelCase, columnName } from "./extract/casing.js";
export { diffDrizzleSchemas } from "./diff/diff-schemas.js";
export { CHANGE_KINDS, type ChangeKind, type Danger, type DrizzleChange, type DrizzleSchemaDiff } from "./diff/types.js";
export { schemaFilePaths } from "./schema/schema-files.js";
export { findCompatBreaks, type CompatInput } from "./compat/find-breaks.js";
export { schemaFromModel } from "./compat/model-expectations.js";
export { BREAK_KINDS, type BreakKind, type CompatBreak, type StaleReference } from "./compat/types.js";
export { findStaleReferences, type DroppedTarget, type StaleReferenceInput } from "./compat/stale-references.js";
