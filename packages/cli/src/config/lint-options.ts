// The engine options every command derives from the configuration (lint, report).
import { engineOptionsFromConfig, type LintOptions, type RollsafeConfig } from "@rollsafe/core";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";

export function lintOptionsFromConfig(config: RollsafeConfig): Omit<LintOptions, "newPaths" | "cwd"> {
  return engineOptionsFromConfig(config, ALL_RULES, statementLocks);
}
