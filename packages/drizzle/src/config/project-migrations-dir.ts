// The migrations folder of the project in a folder, for the commands that take no path: drizzle.config's
// `out` when there is a drizzle config here or above (read without running it; another dialect than
// PostgreSQL is a usage error), else the usual places (core's findMigrationsDir).
import { relative } from "node:path";
import { findMigrationsDir } from "@rollsafe/core";
import { assertPostgresDialect } from "./dialect.js";
import { findDrizzleConfig } from "./find-config.js";
import { readDrizzleConfig, requireStatic } from "./read-config.js";

export function findProjectMigrationsDir(cwd: string): string | undefined {
  const drizzleConfig = findDrizzleConfig(cwd);
  if (drizzleConfig) {
    const config = readDrizzleConfig(drizzleConfig, cwd);
    assertPostgresDialect(config.dialect, config.shown);
    requireStatic(config, "out");
    return relative(cwd, config.out) || ".";
  }
  return findMigrationsDir(cwd);
}
