import { existsSync } from "node:fs";
import { join } from "node:path";

/** Where the common tools put migrations, most specific first. */
const CANDIDATES = ["drizzle", "migrations", "db/migrations", "prisma/migrations", "supabase/migrations", "src/db/migrations", "database/migrations", "sql/migrations"];

/** The migrations folder of a project, when one of the usual places exists. */
export function findMigrationsDir(cwd: string): string | undefined {
  return CANDIDATES.find((dir) => existsSync(join(cwd, dir)));
}
