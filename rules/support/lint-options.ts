// The engine options every command derives from the configuration (lint, report, rollback,
// migrate-down): every rule and the lock table, with what the configuration asks for.
import { engineOptionsFromConfig, type LintOptions, type RollsafeConfig } from "@rollsafe/core";
// index.ts re-exports this module; ALL_RULES is only read when the function runs, so the cycle is harmless.
import { ALL_RULES } from "../index.js";
import { statementLocks } from "./locks.js";

export function lintOptionsFromConfig(config: RollsafeConfig): Omit<LintOptions, "newPaths" | "cwd"> {
  return engineOptionsFromConfig(config, ALL_RULES, statementLocks);
}
