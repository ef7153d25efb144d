// The engine options a configuration file asks for; shared by the CLI's commands and the ESLint plugin.
import { parsePostgresVersion, type RollsafeConfig } from "./config.js";
import type { Severity } from "./finding.js";
import { DEFAULT_POSTGRES_VERSION, type LintOptions } from "./lint.js";
import type { LockResolver } from "./locks.js";
import type { Rule } from "./rule.js";

export function engineOptionsFromConfig(config: RollsafeConfig, rules: readonly Rule[], locks: LockResolver): Omit<LintOptions, "newPaths" | "cwd"> {
  const postgres = config.postgres?.version !== undefined ? parsePostgresVersion(config.postgres.version) : undefined;
  return {
    rules,
    severities: new Map(Object.entries(config.rules ?? {})) as Map<string, Severity | "off">,
    postgresVersion: postgres?.major ?? DEFAULT_POSTGRES_VERSION,
    ...(postgres?.minor !== undefined ? { postgresMinor: postgres.minor } : {}),
    preset: config.extends ?? "recommended",
    locks,
    ...(config.migrations?.transaction ? { transaction: config.migrations.transaction } : {}),
    ...(config.docsBaseUrl ? { docsBaseUrl: config.docsBaseUrl } : {}),
  };
}
