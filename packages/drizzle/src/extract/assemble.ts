// Schema files, as syntax (syntax.ts), to the neutral DrizzleSchema: the one place that says what a
// Drizzle schema file declares. Tables are the exported `pgTable(...)`, `<pgSchema>.table(...)` and
// `<pgTableCreator>(...)` declarations, in the object form and the `(t) => ({...})` form, with their
// third argument; column names follow drizzle-kit's casing option; enums are `pgEnum(...)`. Both front
// ends (ts-morph in the CLI, ESTree in the editor) end here, so they cannot disagree.
import type { DrizzleCasing } from "../config/read-config.js";
import type { DrizzleEnum, DrizzleSchema, DrizzleTable, SourceLocation } from "../schema/types.js";
import { readColumn, type PendingReference } from "./column-chain.js";
import { buildScope, pgCoreName, type FileScope } from "./file-scope.js";
import { returnedBy, type CallExpr, type Expr, type FileSyntax, type ObjectExpr, type VariableSyntax } from "./syntax.js";
import { readTableExtras } from "./table-extras.js";

/** A table whose declaration rollsafe could not read fully (its columns are still listed). */
export interface ExtractProblem {
  location: SourceLocation;
  message: string;
}

export interface ExtractResult {
  schema: DrizzleSchema;
  problems: ExtractProblem[];
}

/** One schema file: its syntax, and where its nodes are. */
export interface SyntaxFile<N> {
  syntax: FileSyntax<N>;
  location: (node: N) => SourceLocation;
}

export interface AssembleOptions {
  /** drizzle-kit's `casing` option (drizzle.config). */
  casing?: DrizzleCasing | undefined;
}

export function assembleDrizzleSchema<N>(files: readonly SyntaxFile<N>[], options: AssembleOptions = {}): ExtractResult {
  const scopes = files.map(({ syntax, location }) => ({ scope: buildScope(syntax, location), location }));
  const objectNamed = objectConsts(scopes);
  const exportedEnums = new Map<string, DrizzleEnum>();
  for (const { scope } of scopes) for (const [name, type] of scope.enums) if (scope.file.exported.has(name)) exportedEnums.set(name, type);

  const tables: { table: DrizzleTable; scope: FileScope }[] = [];
  const references: PendingReference[] = [];
  const problems: ExtractProblem[] = [];
  for (const { scope, location } of scopes) {
    for (const variable of scope.file.variables) {
      const init = variable.init;
      if (init?.kind !== "call" || !scope.file.exported.has(variable.name)) continue;
      const target = tableTarget(scope, init.callee);
      if (!target) continue;
      const table = readTable(scope, init, target, variable, location, { casing: options.casing, enumByExport: (name) => exportedEnums.get(name), objectNamed, references, problems });
      if (table) tables.push({ table, scope });
    }
  }
  resolveReferences(references, tables);
  const enums = scopes.flatMap(({ scope }) => [...scope.enums].filter(([name]) => scope.file.exported.has(name)).map(([, type]) => type));
  return { schema: { source: "schema-file", tables: tables.map((t) => t.table), enums }, problems };
}

interface TableTarget {
  schema: string;
  mapName: (name: string) => string;
}

/** For a table-declaring call: its schema and table-name mapping; undefined for any other call. */
function tableTarget<N>(scope: FileScope<N>, callee: Expr<N>): TableTarget | undefined {
  const identity = (name: string) => name;
  const builder = pgCoreName(scope, callee);
  if (builder === "pgTable") return { schema: "public", mapName: identity };
  if (callee.kind === "member") {
    const target = callee.object;
    // pgTable.withRLS(...)
    if (callee.name === "withRLS" && pgCoreName(scope, target) === "pgTable") return { schema: "public", mapName: identity };
    const schema = target.kind === "identifier" ? scope.schemas.get(target.name) : undefined;
    if (schema !== undefined && (callee.name === "table" || callee.name === "withRLS")) return { schema, mapName: identity };
  }
  if (callee.kind === "identifier" && scope.tableCreators.has(callee.name)) return { schema: "public", mapName: scope.tableCreators.get(callee.name)! };
  return undefined;
}

/** An object literal bound to a name, in the file that declares it. */
interface NamedObject<N> {
  object: ObjectExpr<N>;
  scope: FileScope<N>;
  location: (node: N) => SourceLocation;
}

interface TableContext<N> {
  casing: DrizzleCasing | undefined;
  enumByExport: (name: string) => DrizzleEnum | undefined;
  /** `const timestamps = {...}` of the file, or exported by another schema file it imports from. */
  objectNamed: (scope: FileScope<N>, name: string) => NamedObject<N> | undefined;
  references: PendingReference[];
  problems: ExtractProblem[];
}

function objectConsts<N>(scopes: readonly { scope: FileScope<N>; location: (node: N) => SourceLocation }[]): TableContext<N>["objectNamed"] {
  const objectOf = (file: { scope: FileScope<N>; location: (node: N) => SourceLocation } | undefined, name: string): NamedObject<N> | undefined => {
    const init = file?.scope.file.variables.find((v) => v.name === name)?.init;
    return file && init?.kind === "object" ? { object: init, scope: file.scope, location: file.location } : undefined;
  };
  return (scope, name) => {
    if (scope.file.variables.some((v) => v.name === name)) return objectOf(scopes.find((s) => s.scope === scope), name);
    const exported = scope.imported.get(name);
    if (exported === undefined) return undefined;
    return objectOf(scopes.find((s) => s.scope !== scope && s.scope.file.exported.has(exported) && s.scope.file.variables.some((v) => v.name === exported)), exported);
  };
}

function readTable<N>(scope: FileScope<N>, call: CallExpr<N>, target: TableTarget, variable: VariableSyntax<N>, location: (node: N) => SourceLocation, ctx: TableContext<N>): DrizzleTable | undefined {
  const [nameArg, columnsArg, extras] = call.args;
  if (nameArg?.kind !== "string") {
    ctx.problems.push({ location: location(call.node), message: `${variable.name}: the table name is not a string literal; the table is left out` });
    return undefined;
  }
  const table: DrizzleTable = { schema: target.schema, name: target.mapName(nameArg.value), tsName: variable.name, columns: [], uniques: [], indexes: [], location: location(variable.nameNode) };
  // Columns: an object literal, or `(t) => ({...})` whose parameter holds the builders.
  let columns: Expr<N> | undefined = columnsArg;
  let builderParam: string | undefined;
  if (columns?.kind === "function") {
    builderParam = columns.params[0];
    columns = returnedBy(columns);
  }
  if (columns?.kind !== "object") {
    ctx.problems.push({ location: location(call.node), message: `${variable.name}: the columns are not an object literal; the table is left out` });
    return undefined;
  }
  for (const { key, keyNode, value, from } of columnProperties(columns, { object: columns, scope, location }, builderParam, variable.name, ctx)) {
    table.columns.push(readColumn(key, keyNode, value, { scope: from.scope, casing: ctx.casing, builderParam: from.builderParam, location: from.location, enumByExport: ctx.enumByExport, references: ctx.references }));
  }
  if (extras) readTableExtras(scope, table, extras, location);
  return table;
}

interface ColumnProperty<N> {
  key: string;
  keyNode: N;
  value: Expr<N>;
  /** The file the property is written in, and the columns callback's parameter there. */
  from: NamedObject<N> & { builderParam: string | undefined };
}

/**
 * The columns object's properties in order, with `...helpers` spread in when the helper is an object
 * literal declared in the file or exported by another schema file (Drizzle's "column helpers": a
 * later key replaces an earlier one, as in JavaScript). Anything else cannot be read: a problem.
 */
function columnProperties<N>(columns: ObjectExpr<N>, from: NamedObject<N>, builderParam: string | undefined, tableName: string, ctx: TableContext<N>): ColumnProperty<N>[] {
  const properties = new Map<string, ColumnProperty<N>>();
  const add = (object: ObjectExpr<N>, owner: ColumnProperty<N>["from"], depth: number) => {
    for (const property of object.properties) {
      const helper = property.kind === "spread" && property.value?.kind === "identifier" && depth < 4 ? ctx.objectNamed(owner.scope, property.value.name) : undefined;
      if (helper) {
        add(helper.object, { ...helper, builderParam: undefined }, depth + 1);
        continue;
      }
      if (property.kind !== "init" || property.key === undefined) {
        ctx.problems.push({ location: owner.location(property.node), message: `${tableName}: a spread or method among the columns cannot be read; its columns are left out` });
        continue;
      }
      if (property.value) properties.set(property.key, { key: property.key, keyNode: property.keyNode, value: property.value, from: owner });
    }
  };
  add(columns, { ...from, builderParam }, 0);
  return [...properties.values()];
}

/** `.references(() => users.id)`: the table by its exported name (through imports), the column by its key. */
function resolveReferences(references: PendingReference[], tables: { table: DrizzleTable; scope: FileScope }[]): void {
  for (const ref of references) {
    const exported = ref.scope.imported.get(ref.tableLocal) ?? ref.tableLocal;
    const sameFile = tables.find((t) => t.scope === ref.scope && t.table.tsName === ref.tableLocal);
    const target = sameFile ?? tables.find((t) => t.table.tsName === exported);
    const column = target?.table.columns.find((c) => c.key === ref.columnKey);
    if (!target || !column) continue;
    ref.column.references = { table: `${target.table.schema}.${target.table.name}`, column: column.name, ...ref.actions };
  }
}
