// The --database-url: checked, shown without its password, and split for pg_dump (the password goes
// in PGPASSWORD, never in an argument that `ps` shows).
import { ConfigError, databaseUrlPassword, withoutPassword } from "@rollsafe/core";

export interface DatabaseUrl {
  /** As given: what the client connects with. */
  url: string;
  /** Without the password: for output, the audit record and pg_dump's --dbname. */
  shown: string;
  password?: string;
  database: string;
}

export function parseDatabaseUrl(value: string): DatabaseUrl {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError("migrate-down: --database-url: expected a URL such as postgres://user@host:5432/db");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new ConfigError(`migrate-down: --database-url: expected a postgres:// URL, got ${url.protocol}//`);
  // Either spelling libpq reads: `postgres://u:secret@host/db` and `postgres://u@host/db?password=secret`.
  const password = databaseUrlPassword(value);
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || decodeURIComponent(url.username) || "postgres";
  const result: DatabaseUrl = { url: value, shown: withoutPassword(value), database };
  if (password !== undefined) result.password = password;
  return result;
}
