export { CATEGORIES, type Category, type Finding, type Severity, type Fix, type TextEdit, type Override, type Approval } from "./finding.js";
export { PRESETS, type Preset, type Equivalents, defineRule, isNewInUnit, commandRange, formatMessage, type Rule, type RuleMeta, type RuleContext, type RuleReport } from "./rule.js";
export { BUILTIN_CHECKS, FOLDER_CHECKS, EDITED_APPLIED_MIGRATION, OUT_OF_ORDER_MIGRATION, OVERRIDE_NEEDS_SIGNOFF, MISSING_MIGRATION_FILE, UNLISTED_MIGRATION, JOURNAL_ORDER, BROKEN_SNAPSHOT_CHAIN, SNAPSHOT_DRIFT } from "./builtin-checks.js";
export type { SetCheck, SetCheckContext, SetCheckRun, SetCheckReport, MigrationReplayed } from "./set-check.js";
export { normalizeSqlLayout } from "./normalize-sql.js";
export { LOCK_MODES, LOCK_BLOCKS, type LockMode, type TableLock, type LockResolver } from "./locks.js";
export { MigrationTracker, type MigrationContext } from "./migration-context.js";
export { lintMigrationSets, lintMigration, summarize, DEFAULT_POSTGRES_VERSION, type MigrationToCheck, type LintOptions, type LintResult, type UnanalysedStatement, type FileSummary, type MergeBaseFacts } from "./lint.js";
export { parseDirective, isDirectiveComment, type OverrideDirective, type DirectiveProblem } from "./directives.js";
export { loadConfig, validateConfig, parsePostgresVersion, ConfigError, suggest, CONFIG_FILE, MIN_POSTGRES_VERSION, MAX_POSTGRES_VERSION, type RollsafeConfig, type RollbackConfig, type LoadedConfig, type RuleSetting } from "./config.js";
export { ruleDocsPath } from "./docs-url.js";
export { SchemaModel, existedBefore, type Table, type Column, type Constraint, type ConstraintKind, type Index, type EnumType, type Origin, type OtherRelation, type RelationKind } from "./model/schema-model.js";
export { saveModel, loadModel, type SavedModel } from "./model/saved-model.js";
export { replayStatement, columnFromDef, droppedNames, applyAlterCommand, provenNotNull } from "./model/replay.js";
export { columnTypeOf, formatColumnType, typeChangeVerdict, sameColumnType, isSerialType, type ColumnType, type TypeChangeVerdict } from "./model/column-type.js";
export { qualify, nameOfRangeVar, nameOfList, quoteIdent, quoteQualified, displayName, stringValue, DEFAULT_SCHEMA, type QualifiedName } from "./model/names.js";
export * from "./report/index.js";
export { readPrismaSchema, type PrismaSchema } from "./prisma/read-prisma-schema.js";
export { prismaSchemaAtRef } from "./prisma/prisma-schema-at-ref.js";
export { findMigrationsDir } from "./default-migrations-dir.js";
export * from "./git/index.js";
export * from "./release/index.js";
export { RollbackSchema, ROLLBACK_PLACEHOLDERS, STEP_TIMEOUT_DEFAULTS, HEALTHCHECK_DEFAULTS, ERROR_RATE_DEFAULTS, DEFAULT_AUDIT_FILE, type HealthcheckConfig, type PreviousReleaseConfig, type ErrorRateConfig, type TimedStep } from "./rollback-config.js";
export { fillPlaceholders, type PlaceholderValues } from "./placeholders.js";
export { ReplayCache } from "./replay-cache.js";
export { engineOptionsFromConfig } from "./engine-options.js";
// The sign-off check's pure parts are the subpath `@rollsafe/core/signoff`, not re-exported here: the
// CLI loads them only when overrides.signoff is configured (its bundle would otherwise run them on start).
export { APPROVER_PATTERN, type OverridesConfig, type SignoffConfig } from "./signoff/config.js";
