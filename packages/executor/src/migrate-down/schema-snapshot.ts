// The schema-only snapshot taken before a down step: `pg_dump --schema-only` when it is installed and
// works against this server, else a dump of the catalog (tables, columns, constraints, indexes,
// views, sequences, types, functions) as JSON. The step does not run without one.
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeStateDir } from "@rollsafe/core";
import { describeResult, runCommand } from "../run/run-command.js";
import type { DatabaseUrl } from "./database-url.js";
import type { Queryable } from "./tracking-table.js";

export interface Snapshot {
  file: string;
  method: "pg_dump" | "catalog";
  /** Why pg_dump was not used, when it was not. */
  fallback?: string;
}

export interface SnapshotContext {
  db: Queryable;
  database: DatabaseUrl;
  /** The file name without extension: `.sql` (pg_dump) or `.json` (catalog) is added. */
  basePath: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs: number;
}

export async function takeSnapshot(context: SnapshotContext): Promise<Snapshot> {
  makeStateDir(dirname(context.basePath));
  const file = `${context.basePath}.sql`;
  const env: NodeJS.ProcessEnv = { ...context.env, ...(context.database.password !== undefined ? { PGPASSWORD: context.database.password } : {}) };
  const argv = ["pg_dump", "--schema-only", "--no-owner", "--no-privileges", `--file=${file}`, `--dbname=${context.database.shown}`];
  const stderr: string[] = [];
  const result = await runCommand(argv, { cwd: dirname(file), env, timeoutMs: context.timeoutMs, ...(context.signal ? { signal: context.signal } : {}), onLine: (line, stream) => stream === "stderr" && stderr.push(line) });
  if (result.interrupted) throw new Error("interrupted while taking the snapshot");
  if (result.exitCode === 0) return { file, method: "pg_dump" };
  const fallback = `pg_dump ${result.startError ? "is not available" : `failed (${describeResult(result, context.timeoutMs)}${stderr[0] ? `: ${stderr[0]}` : ""})`}`;
  const catalogFile = `${context.basePath}.json`;
  writeFileSync(catalogFile, `${JSON.stringify(await catalogDump(context.db, context.database.shown), null, 2)}\n`);
  return { file: catalogFile, method: "catalog", fallback };
}

const USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'";

const QUERIES: Record<string, string> = {
  relations: `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ('r','p','f','v','m','S') ORDER BY 1, 2`,
  columns: `SELECT n.nspname AS schema, c.relname AS table, a.attnum AS position, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity AS identity, a.attgenerated AS generated
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE ${USER_SCHEMAS} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','f','v','m') ORDER BY 1, 2, 3`,
  constraints: `SELECT n.nspname AS schema, c.relname AS table, k.conname AS name, k.contype AS type, pg_get_constraintdef(k.oid) AS definition, k.convalidated AS validated
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} ORDER BY 1, 2, 3`,
  indexes: `SELECT n.nspname AS schema, c.relname AS name, pg_get_indexdef(c.oid) AS definition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ('i','I') ORDER BY 1, 2`,
  views: `SELECT n.nspname AS schema, c.relname AS name, pg_get_viewdef(c.oid) AS definition FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} AND c.relkind IN ('v','m') ORDER BY 1, 2`,
  enums: `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER_SCHEMAS} GROUP BY 1, 2 ORDER BY 1, 2`,
  functions: `SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments, pg_get_functiondef(p.oid) AS definition
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMAS} AND p.prokind IN ('f','p') ORDER BY 1, 2, 3`,
};

async function catalogDump(db: Queryable, database: string): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = { takenAt: new Date().toISOString(), database, method: "catalog query (pg_dump unavailable)" };
  dump.serverVersion = (await db.query("SHOW server_version")).rows[0]?.server_version;
  for (const [key, sql] of Object.entries(QUERIES)) dump[key] = (await db.query(sql)).rows;
  return dump;
}
