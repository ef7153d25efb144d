// Reads a migration tool's ledger table, read-only: one connection, one `BEGIN READ ONLY` transaction
// that is rolled back, nothing written (PostgreSQL itself refuses writes in it). The `pg` package is
// loaded here, lazily, so that no other command pays for it (and it stays external in the bundle).
import { ConfigError } from "@rollsafe/core";
import type { Client } from "pg";

export const LEDGER_KINDS = ["drizzle", "prisma", "golang-migrate", "dbmate"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Where each tool keeps its ledger by default (drizzle-kit: `migrations.schema`/`migrations.table`). */
export const DEFAULT_LEDGER_TABLES: Record<LedgerKind, string> = {
  drizzle: "drizzle.__drizzle_migrations",
  prisma: "_prisma_migrations",
  "golang-migrate": "schema_migrations",
  dbmate: "schema_migrations",
};

export interface LedgerRow {
  /** drizzle: created_at; Prisma: migration_name; golang-migrate, dbmate: version. */
  id: string;
  /** drizzle's hash, or Prisma's checksum: what the file must hash to. */
  hash?: string;
  /** `failed`: Prisma's unfinished row, golang-migrate's dirty version; `rolled-back`: Prisma's `migrate resolve --rolled-back`. */
  state: "applied" | "failed" | "rolled-back";
}

export interface LedgerState {
  kind: LedgerKind;
  /** The table as PostgreSQL names it (schema-qualified when not on the search path), or as asked when absent. */
  table: string;
  /** False when the table does not exist: nothing was ever applied (a fresh database). */
  found: boolean;
  rows: LedgerRow[];
  /** golang-migrate keeps one row, the current version: every migration up to it counts as applied. */
  upTo?: string;
}

export async function readLedger(url: string, kind: LedgerKind, table = DEFAULT_LEDGER_TABLES[kind]): Promise<LedgerState> {
  const client = await connect(url);
  try {
    await client.query("BEGIN READ ONLY");
    try {
      return await readIn(client, kind, table);
    } finally {
      await client.query("ROLLBACK");
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`preflight: reading ${table} failed: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function connect(url: string): Promise<Client> {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: url, application_name: "rollsafe preflight", connectionTimeoutMillis: 10_000 });
  // An error after connecting (the server going away) must not crash the process: queries reject.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ConfigError(`preflight: cannot connect to ${redact(url)}: ${(error as Error).message || (error as NodeJS.ErrnoException).code}`);
  }
  return client;
}

async function readIn(client: Client, kind: LedgerKind, table: string): Promise<LedgerState> {
  const found = await client.query<{ name: string | null }>("SELECT to_regclass($1)::text AS name", [table]);
  const name = found.rows[0]?.name;
  if (!name) return { kind, table, found: false, rows: [] };
  // `name` is PostgreSQL's own rendering of the regclass (quoted where needed): safe to put in SQL.
  const columns = new Set((await client.query<{ attname: string }>("SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped", [name])).rows.map((r) => r.attname));
  const need = (...wanted: string[]) => {
    const missing = wanted.filter((c) => !columns.has(c));
    if (missing.length > 0) throw new ConfigError(`preflight: ${name} has no column ${missing.join(", ")}: it is not a ${kind} ledger (use --ledger-table, or check the artifact's source)`);
  };
  switch (kind) {
    case "drizzle": {
      need("hash", "created_at");
      const rows = await client.query<{ created_at: string | null; hash: string }>(`SELECT created_at::text AS created_at, hash FROM ${name} ORDER BY created_at, id`);
      return { kind, table: name, found: true, rows: rows.rows.filter((r) => r.created_at !== null).map((r) => ({ id: r.created_at!, hash: r.hash, state: "applied" as const })) };
    }
    case "prisma": {
      need("migration_name", "checksum", "finished_at", "rolled_back_at");
      const rows = await client.query<{ migration_name: string; checksum: string; finished: boolean; rolled_back: boolean }>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM ${name} ORDER BY started_at, migration_name`,
      );
      return { kind, table: name, found: true, rows: rows.rows.map((r) => ({ id: r.migration_name, hash: r.checksum, state: r.rolled_back ? ("rolled-back" as const) : r.finished ? ("applied" as const) : ("failed" as const) })) };
    }
    case "golang-migrate": {
      need("version", "dirty");
      const rows = await client.query<{ version: string; dirty: boolean }>(`SELECT version::text AS version, dirty FROM ${name} ORDER BY version DESC LIMIT 1`);
      const row = rows.rows[0];
      if (!row) return { kind, table: name, found: true, rows: [] };
      return { kind, table: name, found: true, rows: row.dirty ? [{ id: row.version, state: "failed" }] : [], upTo: row.version };
    }
    case "dbmate": {
      need("version");
      if (columns.has("dirty")) throw new ConfigError(`preflight: ${name} has a dirty column: it is golang-migrate's ledger, not dbmate's`);
      const rows = await client.query<{ version: string }>(`SELECT version::text AS version FROM ${name} ORDER BY version`);
      return { kind, table: name, found: true, rows: rows.rows.map((r) => ({ id: r.version, state: "applied" as const })) };
    }
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "the database URL";
  }
}
