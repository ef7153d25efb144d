// rollsafe checks PostgreSQL migrations only: another dialect is a usage error, never findings.
import { ConfigError } from "@rollsafe/core";

/** drizzle-kit's name for PostgreSQL (and `pg`, what journals before drizzle-kit 0.21 said). */
const POSTGRES = new Set(["postgresql", "pg"]);

export function isPostgresDialect(dialect: string | undefined): boolean {
  return dialect === undefined || POSTGRES.has(dialect);
}

/** Throws `<where>: not supported yet: <dialect>` (exit 2) for a dialect other than PostgreSQL. */
export function assertPostgresDialect(dialect: string | undefined, where: string): void {
  if (!isPostgresDialect(dialect)) throw new ConfigError(`${where}: not supported yet: ${dialect} (rollsafe checks PostgreSQL migrations; drizzle-kit's dialect here is "${dialect}")`);
}
