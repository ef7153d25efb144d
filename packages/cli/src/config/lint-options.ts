// The engine options every command derives from the configuration (lint, report).
import { engineOptionsFromConfig, type LintOptions, type RollsafeConfig } from "@rollsafe/core";
import { snapshotChecks } from "@rollsafe/drizzle";
import { ALL_RULES, statementLocks } from "@rollsafe/rules";

export function lintOptionsFromConfig(config: RollsafeConfig): Omit<LintOptions, "newPaths" | "cwd"> {
  // drizzle-kit folders also get their snapshot checks (broken-snapshot-chain, snapshot-drift).
  return { ...engineOptionsFromConfig(config, ALL_RULES, statementLocks), setChecks: [snapshotChecks] };
}
