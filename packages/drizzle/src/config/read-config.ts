// A drizzle.config file read without running it: JSON as JSON; TypeScript and JavaScript through
// TypeScript's parser, taking the object of `export default defineConfig({...})` (or `export default {...}`,
// `module.exports = ...`, or a `const` exported by name). A field rollsafe needs that is not a literal is
// reported by name, with its place, when it is asked for.
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { ConfigError } from "@rollsafe/core";
import { loadTypeScript, type TypeScript } from "./load-typescript.js";
import { isNotStatic, objectValue, type NotStatic, type StaticObject, type StaticValue } from "./static-value.js";

/** drizzle-kit's `casing` option: how property keys become column names. */
export type DrizzleCasing = "snake_case" | "camelCase";

export interface DrizzleConfig {
  /** The config file's absolute path. */
  path: string;
  /** Its folder: relative paths in it are resolved from here. */
  dir: string;
  /** How the file is displayed in messages. */
  shown: string;
  /** `dialect` (or, for drizzle-kit before 0.21, `driver: "pg"` as `postgresql`). */
  dialect: string | undefined;
  /** The migrations folder, absolute (drizzle-kit's default `drizzle` when unset). */
  out: string;
  /** The schema files or globs, absolute. */
  schema: string[];
  casing: DrizzleCasing | undefined;
  /** drizzle-orm's migrations table (`migrations.table`, default `__drizzle_migrations`) and its schema (`migrations.schema`, default `drizzle`). */
  migrationsTable: { table: string; schema: string };
  /** Fields that are set to something that cannot be read statically: field -> where and what. */
  unreadable: Map<ConfigField, string>;
}

export type ConfigField = "dialect" | "out" | "schema" | "casing" | "migrations.table" | "migrations.schema";

/** Reads the config; a file that cannot be read or parsed, or has no config object, is a ConfigError. */
export function readDrizzleConfig(path: string, cwd: string = process.cwd()): DrizzleConfig {
  const shown = relative(cwd, path) || path;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${shown}: cannot read: ${(error as Error).message}`);
  }
  const object = path.endsWith(".json") ? jsonObject(text, shown) : scriptObject(text, path, shown);
  return fromObject(object.value, object.where, path, shown);
}

interface Located {
  value: StaticObject;
  /** `file:line:column (text)` of a value that is not static. */
  where: (value: NotStatic) => string;
}

function jsonObject(text: string, shown: string): Located {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${shown}: invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ConfigError(`${shown}: expected a JSON object`);
  return { value: value as StaticObject, where: () => shown };
}

function scriptObject(text: string, path: string, shown: string): Located {
  const ts = loadTypeScript();
  const kind = /\.m?js$/.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const consts = topLevelConsts(ts, file);
  const where = (value: NotStatic) => {
    const { line, character } = file.getLineAndCharacterOfPosition(value.node.getStart(file));
    return `${shown}:${line + 1}:${character + 1} (${value.node.getText(file).replace(/\s+/g, " ").slice(0, 60)})`;
  };
  const exported = exportedExpression(ts, file);
  if (!exported) throw new ConfigError(`${shown}: no \`export default defineConfig({...})\` (or \`export default {...}\`) found: rollsafe reads the config without running it`);
  const config = unwrapConfig(ts, exported, consts);
  if (!config) {
    const { line, character } = file.getLineAndCharacterOfPosition(exported.getStart(file));
    throw new ConfigError(`${shown}:${line + 1}:${character + 1}: the exported config is not an object literal rollsafe can read without running the file (${exported.getText(file).slice(0, 60)}): write \`export default defineConfig({ ... })\`, or pass the migrations folder on the command line`);
  }
  const value = objectValue(ts, config, consts);
  if (isNotStatic(value)) throw new ConfigError(`${where(value)}: the config object has a spread or a method: rollsafe reads the config without running it, so its keys must be written out`);
  return { value, where };
}

/** `const x = <expr>` at the top level of the file (what identifiers in the config may refer to). */
function topLevelConsts(ts: typeof TypeScript, file: TypeScript.SourceFile): Map<string, TypeScript.Expression> {
  const consts = new Map<string, TypeScript.Expression>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) consts.set(declaration.name.text, declaration.initializer);
    }
  }
  return consts;
}

/** What the file exports as its config: `export default X`, `module.exports = X`, or `export const config = X`. */
function exportedExpression(ts: typeof TypeScript, file: TypeScript.SourceFile): TypeScript.Expression | undefined {
  let named: TypeScript.Expression | undefined;
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement)) return statement.expression;
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = statement.expression.left.getText(file);
      if (target === "module.exports" || target === "exports.default") return statement.expression.right;
    }
    if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const declaration of statement.declarationList.declarations) if (declaration.initializer) named ??= declaration.initializer;
    }
  }
  return named;
}

/** `defineConfig({...})`, `{...} satisfies Config`, `config` (a const): the object literal inside. */
function unwrapConfig(ts: typeof TypeScript, node: TypeScript.Expression, consts: Map<string, TypeScript.Expression>, depth = 0): TypeScript.ObjectLiteralExpression | undefined {
  if (depth > 5) return undefined;
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) return unwrapConfig(ts, node.expression, consts, depth + 1);
  if (ts.isCallExpression(node) && node.arguments.length === 1) return unwrapConfig(ts, node.arguments[0]!, consts, depth + 1);
  if (ts.isIdentifier(node) && consts.has(node.text)) return unwrapConfig(ts, consts.get(node.text)!, consts, depth + 1);
  return undefined;
}

function fromObject(object: StaticObject, where: Located["where"], path: string, shown: string): DrizzleConfig {
  const dir = dirname(path);
  const unreadable = new Map<ConfigField, string>();
  const read = <T>(field: ConfigField, value: StaticValue | NotStatic | undefined, accept: (v: StaticValue) => T | undefined): T | undefined => {
    if (value === undefined) return undefined;
    if (isNotStatic(value)) {
      unreadable.set(field, where(value));
      return undefined;
    }
    const accepted = accept(value);
    if (accepted === undefined) throw new ConfigError(`${shown}: ${field}: unexpected value ${JSON.stringify(value)}`);
    return accepted;
  };
  const text = (v: StaticValue) => (typeof v === "string" ? v : undefined);
  const dialect = read("dialect", object.dialect, text) ?? (object.driver === "pg" ? "postgresql" : undefined);
  const out = read("out", object.out, text);
  const schema = read("schema", object.schema, (v) => (typeof v === "string" ? [v] : Array.isArray(v) && v.every((s) => typeof s === "string") ? (v as string[]) : undefined));
  const casing = read("casing", object.casing, (v) => (v === "snake_case" || v === "camelCase" ? v : undefined));
  const migrations = object.migrations;
  let table: string | undefined;
  let tableSchema: string | undefined;
  if (migrations !== undefined && isNotStatic(migrations)) {
    unreadable.set("migrations.table", where(migrations));
    unreadable.set("migrations.schema", where(migrations));
  } else if (migrations && typeof migrations === "object" && !Array.isArray(migrations)) {
    table = read("migrations.table", migrations.table, text);
    tableSchema = read("migrations.schema", migrations.schema, text);
  }
  return {
    path,
    dir,
    shown,
    dialect,
    out: resolve(dir, out ?? "drizzle"),
    schema: (schema ?? []).map((s) => resolve(dir, s)),
    casing,
    migrationsTable: { table: table ?? "__drizzle_migrations", schema: tableSchema ?? "drizzle" },
    unreadable,
  };
}

/**
 * Throws the ConfigError that names a field rollsafe needs and could not read statically; call it
 * before using the field.
 */
export function requireStatic(config: DrizzleConfig, ...fields: ConfigField[]): void {
  for (const field of fields) {
    const where = config.unreadable.get(field);
    if (where !== undefined) {
      throw new ConfigError(`${where}: drizzle config field "${field}" cannot be read without running the file: write it as a string literal (or a const in the same file), or pass the path on the command line`);
    }
  }
}
