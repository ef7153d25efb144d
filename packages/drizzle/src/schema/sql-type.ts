// A Drizzle type string (`varchar(255)`, `timestamp (3) with time zone`, `mood`, `text[]`) as the
// schema model's ColumnType, through PostgreSQL's own grammar: the snapshot, the schema file and the
// replayed SQL are then compared in one spelling. The parser must be loaded (loadParser()).
import { columnTypeOf, quoteIdent, type ColumnType } from "@rollsafe/core";
import { parseSqlText, type Ast } from "@rollsafe/parser";

const cache = new Map<string, ColumnType | undefined>();

/** The spelling a column's type is parsed from: enums outside the default schema are qualified. */
export function typeSpelling(type: string, typeSchema: string | undefined): string {
  if (!typeSchema || typeSchema === "public") return type;
  const array = /(\[\d*\])+$/.exec(type)?.[0] ?? "";
  const base = type.slice(0, type.length - array.length);
  return `${quoteIdent(typeSchema)}.${quoteIdent(base.replace(/^"|"$/g, ""))}${array}`;
}

/** The type, or undefined when the grammar does not read it as a type. Results are remembered. */
export function columnTypeFromSql(spelling: string): ColumnType | undefined {
  if (!cache.has(spelling)) parseTypes([spelling]);
  return cache.get(spelling);
}

/** Parses many spellings at once: one statement for all of them, one by one only if it fails. */
export function parseTypes(spellings: Iterable<string>): void {
  const wanted = [...new Set(spellings)].filter((s) => !cache.has(s));
  if (wanted.length === 0) return;
  const parsed = parseColumns(wanted);
  if (parsed) wanted.forEach((s, i) => cache.set(s, parsed[i]));
  else for (const s of wanted) cache.set(s, parseColumns([s])?.[0]);
}

function parseColumns(spellings: string[]): (ColumnType | undefined)[] | undefined {
  // A user type spelled bare could be a reserved word: quote single identifiers the grammar may not take as a type.
  const sql = `CREATE TABLE t (${spellings.map((s, i) => `c${i} ${safeSpelling(s)}`).join(", ")})`;
  const file = parseSqlText(sql);
  const stmt = file.statements[0];
  if (file.syntaxIssues.length > 0 || !stmt) return undefined;
  const elements = ((stmt.node as { CreateStmt?: Ast.CreateStmt }).CreateStmt?.tableElts ?? []).map((e) => ("ColumnDef" in e ? (e.ColumnDef as Ast.ColumnDef) : undefined));
  if (elements.length !== spellings.length) return undefined;
  return elements.map((def) => columnTypeOf(def?.typeName));
}

function safeSpelling(spelling: string): string {
  // Bare words other than built-in type names (a user type called "user" or "order") are quoted.
  return /^[a-z_][a-z0-9_]*$/.test(spelling) && RESERVED.has(spelling) ? quoteIdent(spelling) : spelling;
}

/** Reserved words that are not type names (a user type may be called that). */
const RESERVED = new Set(["user", "order", "group", "table", "check", "default", "primary", "references", "unique", "select", "where", "from", "to", "end", "limit", "offset", "column", "constraint", "role", "analyse", "analyze", "all", "any", "array", "as", "both", "case", "cast", "collate", "create", "current_date", "current_role", "current_time", "current_timestamp", "current_user", "desc", "asc", "distinct", "do", "else", "except", "false", "fetch", "for", "foreign", "grant", "having", "in", "initially", "intersect", "into", "lateral", "leading", "localtime", "localtimestamp", "not", "null", "on", "only", "or", "placing", "returning", "session_user", "some", "symmetric", "then", "trailing", "true", "union", "using", "variadic", "when", "window", "with"]);
