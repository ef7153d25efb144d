// @rollsafe/drizzle: Drizzle projects as rollsafe sees them (docs/drizzle.md). Three layers over one
// neutral, plain-data schema (DrizzleSchema), so that other front ends (typescript-eslint rules) can use
// the same engine: (1) schema files -> DrizzleSchema (extractDrizzleSchema; ts-morph loaded on first use),
// (2) drizzle-kit snapshots -> DrizzleSchema (readSnapshotText), (3) the pure diff of two of them with
// dangers and expand/contract advice (diffDrizzleSchemas). Beside them: the snapshot checks the lint
// engine runs, drizzle.config discovery, and the previous-release compatibility check.

// The neutral schema.
export type { DrizzleSchema, DrizzleTable, DrizzleColumn, DrizzleReference, DrizzleUnique, DrizzleIndex, DrizzleEnum, SourceLocation } from "./schema/types.js";
export { tableKey } from "./schema/types.js";
export { columnTypeFromSql, typeSpelling } from "./schema/sql-type.js";
export { schemaFilePaths, schemaFilePathsSync } from "./schema/schema-files.js";

// Layer 1: schema files.
export { extractDrizzleSchema, type SchemaSource, type ExtractOptions, type ExtractResult, type ExtractProblem } from "./extract/extract-schema.js";
// The same reading from any parser's tree: a front end turns a file into FileSyntax (ts-morph above; ESTree
// in the subpath @rollsafe/drizzle/estree), assembleDrizzleSchema gives it its Drizzle meaning.
export { assembleDrizzleSchema, type AssembleOptions, type SyntaxFile } from "./extract/assemble.js";
export { isPgCoreModule } from "./extract/file-scope.js";
export type { FileSyntax, ImportSyntax, VariableSyntax, Expr, PropertySyntax } from "./extract/syntax.js";
export { toSnakeCase, toCamelCase, columnName } from "./extract/casing.js";

// Layer 2: snapshots, and the checks the lint engine runs over them.
export { readSnapshotText, SnapshotError, type Snapshot, type ReadSnapshotOptions } from "./snapshot/read-snapshot.js";
export { compareWithSnapshot, type Drift, type DriftKind } from "./snapshot/drift.js";
export { snapshotChecks, snapshotFileName } from "./snapshot/snapshot-checks.js";
export { latestSnapshot, type LatestSnapshot } from "./snapshot/latest-snapshot.js";

// Layer 3: the diff.
export { diffDrizzleSchemas } from "./diff/diff-schemas.js";
export { CHANGE_KINDS, type ChangeKind, type Danger, type DrizzleChange, type DrizzleSchemaDiff } from "./diff/types.js";

// drizzle.config.
export { findDrizzleConfig, DRIZZLE_CONFIG_NAMES } from "./config/find-config.js";
export { readDrizzleConfig, requireStatic, type DrizzleConfig, type DrizzleCasing, type ConfigField } from "./config/read-config.js";
export { isPostgresDialect, assertPostgresDialect } from "./config/dialect.js";

// The previous release's code against the new schema (`rollsafe compat`).
export { findCompatBreaks, type CompatInput } from "./compat/find-breaks.js";
export { schemaFromModel } from "./compat/model-expectations.js";
export { BREAK_KINDS, type BreakKind, type CompatBreak, type StaleReference } from "./compat/types.js";
export { findStaleReferences, type DroppedTarget, type StaleReferenceInput } from "./compat/stale-references.js";

// The previous release's code schema, for the report's and rollback's code evidence.
export { previousCodeSchema } from "./code-schema/previous-code-schema.js";
export { schemaAtBase, type SchemaAtBase } from "./code-schema/schema-at-ref.js";
export { findProjectMigrationsDir } from "./config/project-migrations-dir.js";
