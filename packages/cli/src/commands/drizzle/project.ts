// A Drizzle project as `rollsafe drizzle diff` and `rollsafe compat` need it: its drizzle.config (found
// upward from the working directory, or given), read without running it, PostgreSQL only.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError } from "@rollsafe/core";
import { assertPostgresDialect, findDrizzleConfig, readDrizzleConfig, requireStatic, type DrizzleConfig } from "@rollsafe/drizzle";

export function loadDrizzleProject(cwd: string, explicit: string | undefined, command: string): DrizzleConfig {
  const path = explicit !== undefined ? resolve(cwd, explicit) : findDrizzleConfig(cwd);
  if (explicit !== undefined && !existsSync(path!)) throw new ConfigError(`${explicit}: drizzle config file not found`);
  if (!path) throw new ConfigError(`${command}: no drizzle.config.{ts,mts,js,mjs,json} found in ${cwd} or the folders above it (up to the repository root): run it in a Drizzle project, or pass --drizzle-config <file>`);
  const config = readDrizzleConfig(path, cwd);
  assertPostgresDialect(config.dialect, config.shown);
  requireStatic(config, "out", "schema", "casing");
  if (config.schema.length === 0) throw new ConfigError(`${config.shown}: no "schema" set: ${command} needs the schema file(s)`);
  return config;
}
