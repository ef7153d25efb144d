// The engine options every command derives from the configuration (lint, report).
import { DEFAULT_POSTGRES_VERSION, parsePostgresVersion, type LintOptions, type RollsafeConfig, type Severity } from "@rollsafe/core";
import { snapshotChecks } from "@rollsafe/drizzle";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";

export function lintOptionsFromConfig(config: RollsafeConfig): Omit<LintOptions, "newPaths" | "cwd"> {
  const postgres = config.postgres?.version !== undefined ? parsePostgresVersion(config.postgres.version) : undefined;
  return {
    rules: ALL_RULES,
    severities: new Map(Object.entries(config.rules ?? {})) as Map<string, Severity | "off">,
    postgresVersion: postgres?.major ?? DEFAULT_POSTGRES_VERSION,
    ...(postgres?.minor !== undefined ? { postgresMinor: postgres.minor } : {}),
    preset: config.extends ?? "recommended",
    locks: statementLocks,
    setChecks: [snapshotChecks],
    ...(config.migrations?.transaction ? { transaction: config.migrations.transaction } : {}),
  };
}
