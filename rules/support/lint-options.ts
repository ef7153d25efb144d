// The engine options every command derives from the configuration (lint, report, rollback,
// migrate-down): every rule, the configured severities, the PostgreSQL version, the lock table.
import { DEFAULT_POSTGRES_VERSION, parsePostgresVersion, type LintOptions, type RollsafeConfig, type Severity } from "@rollsafe/core";
// index.ts re-exports this module; ALL_RULES is only read when the function runs, so the cycle is harmless.
import { ALL_RULES } from "../index.js";
import { statementLocks } from "./locks.js";

export function lintOptionsFromConfig(config: RollsafeConfig): Omit<LintOptions, "newPaths" | "cwd"> {
  const postgres = config.postgres?.version !== undefined ? parsePostgresVersion(config.postgres.version) : undefined;
  return {
    rules: ALL_RULES,
    severities: new Map(Object.entries(config.rules ?? {})) as Map<string, Severity | "off">,
    postgresVersion: postgres?.major ?? DEFAULT_POSTGRES_VERSION,
    ...(postgres?.minor !== undefined ? { postgresMinor: postgres.minor } : {}),
    preset: config.extends ?? "recommended",
    locks: statementLocks,
    ...(config.migrations?.transaction ? { transaction: config.migrations.transaction } : {}),
  };
}
