import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { assertPostgresDialect, findDrizzleConfig, readDrizzleConfig, requireStatic } from "@rollsafe/drizzle";

/** Where the common tools put migrations, most specific first. */
const CANDIDATES = ["drizzle", "migrations", "db/migrations", "prisma/migrations", "supabase/migrations", "src/db/migrations", "database/migrations", "sql/migrations"];

/**
 * The migrations folder of a project: drizzle.config's `out` when there is a drizzle config here or
 * above (read without running it; another dialect than PostgreSQL is a usage error), else the first of
 * the usual places that exists.
 */
export function findMigrationsDir(cwd: string): string | undefined {
  const drizzleConfig = findDrizzleConfig(cwd);
  if (drizzleConfig) {
    const config = readDrizzleConfig(drizzleConfig, cwd);
    assertPostgresDialect(config.dialect, config.shown);
    requireStatic(config, "out");
    return relative(cwd, config.out) || ".";
  }
  return CANDIDATES.find((dir) => existsSync(join(cwd, dir)));
}
