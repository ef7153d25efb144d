// One linted file as the engine sees it: the migration it is (with the text ESLint hands over,
// which may be unsaved), its folder's place and cached schema, and the engine options from the
// rollsafe configuration. The findings come from the core's lintMigration, the same code path as
// each migration of `rollsafe lint <folder>`.
import { resolve } from "node:path";
import { engineOptionsFromConfig, lintMigration, SchemaModel, type Finding, type LintOptions, type RollsafeConfig } from "@rollsafe/core";
import { parseSqlText, singleMigrationSet, withMigrationText, type Migration, type SourceKind, type SqlFile } from "@rollsafe/parser";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";
import type { SqlLanguageOptions } from "../language/language-options.js";
import { MigrationFolders, type MigrationPlace } from "./migration-folders.js";
import { ProjectConfigs } from "./project-config.js";

/** One per process, like ESLint's own caches: the editor's ESLint server keeps them warm. */
const folders = new MigrationFolders();
const configs = new ProjectConfigs();

export interface PreparedFile {
  migration: Migration;
  kind: SourceKind;
  parsed: SqlFile;
  /**
   * Undefined when no migration layout lists the file: it is linted on its own, like `rollsafe lint <file>`.
   * A down migration's place is its up migration's (`down: true`): it gets no findings.
   */
  place: MigrationPlace | undefined;
  options: Omit<LintOptions, "newPaths" | "cwd">;
}

/** Reads what the file needs before ESLint's rules run. Throws ConfigError for an invalid rollsafe configuration. */
export function prepareFile(path: string, text: string, languageOptions: SqlLanguageOptions): PreparedFile {
  const file = resolve(path);
  const config = withLanguageOptions(configs.configFor(file, languageOptions.configFile).config, languageOptions);
  const source = config.migrations?.source;
  const place = folders.placeOf(file, source);
  let migration: Migration;
  let kind: SourceKind;
  if (place && !place.down) {
    kind = place.set.kind;
    migration = withMigrationText(place.set.migrations[place.index]!, kind, text);
  } else {
    const set = singleMigrationSet(file, text, source ? { source } : {});
    kind = set.kind;
    migration = set.migrations[0]!;
  }
  return { migration, kind, parsed: parseSqlText(migration.text), place, options: engineOptionsFromConfig(config, ALL_RULES, statementLocks) };
}

/**
 * The findings of the file with exactly the rules ESLint has enabled: which rules run decides
 * what a `-- compat:` override allows (and so whether it is unused), as the configuration does in the CLI.
 */
export function lintPrepared(prepared: PreparedFile, enabledRuleIds: ReadonlySet<string>): Finding[] {
  const { place } = prepared;
  // A down migration undoes its up migration: dropping what the up created is its job. `rollsafe lint`
  // of the folder does not check down migrations either (dbmate's down section, golang-migrate's file).
  if (place?.down) return [];
  const model = place ? place.replay.modelBefore(place.set.migrations, place.index) : new SchemaModel();
  const severities = new Map(ALL_RULES.map((rule) => [rule.id, enabledRuleIds.has(rule.id) ? rule.meta.severity : ("off" as const)]));
  // `rollsafe lint <folder>` checks each migration as its own change, numbered from 1.
  const unit = (place?.index ?? 0) + 1;
  return lintMigration({ migration: prepared.migration, kind: prepared.kind, model, unit, parsed: prepared.parsed }, { ...prepared.options, severities });
}

function withLanguageOptions(config: RollsafeConfig, options: SqlLanguageOptions): RollsafeConfig {
  const result: RollsafeConfig = { ...config };
  if (options.postgresVersion !== undefined) result.postgres = { ...config.postgres, version: options.postgresVersion };
  if (options.source !== undefined || options.transaction !== undefined) {
    result.migrations = { ...config.migrations, ...(options.source ? { source: options.source } : {}), ...(options.transaction ? { transaction: options.transaction } : {}) };
  }
  return result;
}
