// After the down SQL, before COMMIT: the catalog must agree with the migration before the reverted
// one. The schema is replayed twice from the migration files, up to the previous migration and up to
// the reverted one; what differs between the two (tables, columns, indexes, views) is what the down
// must undo, and exactly that is checked in pg_catalog. Objects the model cannot know (made in DO
// blocks or functions) are not guessed at.
import { qualify, replayStatement, SchemaModel } from "@rollsafe/core";
import { parseSqlText, type Ast, type Migration } from "@rollsafe/parser";
import type { Queryable } from "./tracking-table.js";

/** `table public.users`, `column public.users.age`, `index public.users_age_idx`, `view public.v`. */
export type SchemaObject = string;

export function modelObjects(migrations: readonly Migration[]): Set<SchemaObject> {
  const model = new SchemaModel();
  // Only indexes named in the SQL are checked: PostgreSQL's generated names (`users_expr_idx`,
  // collision suffixes) are not the model's to guess.
  const named = new Set<string>();
  for (const m of migrations) {
    for (const statement of parseSqlText(m.text).statements) {
      const index = (statement.node as { IndexStmt?: Ast.IndexStmt }).IndexStmt;
      if (index?.idxname) named.add(qualify(index.relation?.schemaname, index.idxname));
      replayStatement(model, statement, "history");
    }
  }
  const objects = new Set<SchemaObject>();
  for (const [name, table] of model.tables) {
    objects.add(`table ${name}`);
    for (const column of table.columns.keys()) objects.add(`column ${name}.${column}`);
  }
  for (const name of model.indexes.keys()) if (named.has(name)) objects.add(`index ${name}`);
  for (const [name, relation] of model.relations) objects.add(`${relation.kind === "view" ? "view" : "materialized view"} ${name}`);
  return objects;
}

export interface Expectation {
  /** What the down must bring back (in the previous schema, not in the reverted one). */
  present: SchemaObject[];
  /** What the down must remove (in the reverted schema, not in the previous one). */
  absent: SchemaObject[];
}

export function expectedChange(before: readonly Migration[], through: readonly Migration[]): Expectation {
  const previous = modelObjects(before);
  const reverted = modelObjects(through);
  return { present: [...previous].filter((o) => !reverted.has(o)).sort(), absent: [...reverted].filter((o) => !previous.has(o)).sort() };
}

const CATALOG = `
SELECT CASE c.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END
       || ' ' || n.nspname || '.' || c.relname AS object
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'f', 'i', 'I', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
UNION ALL
SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')`;

/** Where the catalog disagrees with the expectation; a sentence per object. */
export async function checkCatalog(db: Queryable, expectation: Expectation): Promise<string[]> {
  const { rows } = await db.query(CATALOG);
  const inCatalog = new Set(rows.map((r) => String(r.object)));
  return [...expectation.present.filter((o) => !inCatalog.has(o)).map((o) => `${o} should exist again, and does not`), ...expectation.absent.filter((o) => inCatalog.has(o)).map((o) => `${o} should be gone, and still exists`)];
}
