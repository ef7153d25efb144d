// Layer 1: Drizzle schema files (TypeScript) to the neutral DrizzleSchema, with ts-morph (loaded on the
// first call). Only the syntax is read: nothing is run, and the files need not compile. Tables are the
// exported `pgTable(...)`, `<pgSchema>.table(...)` and `<pgTableCreator>(...)` declarations, in the
// object form and the `(t) => ({...})` form, with their third argument; column names follow drizzle-kit's
// casing option; enums are `pgEnum(...)`.
import { isAbsolute, relative } from "node:path";
import type { DrizzleCasing } from "../config/read-config.js";
import type { DrizzleEnum, DrizzleSchema, DrizzleTable, SourceLocation } from "../schema/types.js";
import { readColumn, type PendingReference } from "./column-chain.js";
import { buildScope, pgCoreName, type FileScope } from "./file-scope.js";
import { loadTsMorph, type TsMorph } from "./load-ts-morph.js";
import { readTableExtras } from "./table-extras.js";

export interface SchemaSource {
  /** The file's path (absolute, or relative to `cwd`). */
  path: string;
  text: string;
}

export interface ExtractOptions {
  /** drizzle-kit's `casing` option (drizzle.config). */
  casing?: DrizzleCasing;
  /** Locations are shown relative to this folder (default: process.cwd()). */
  cwd?: string;
  /** How a file is shown in locations (default: relative to `cwd`). */
  display?: (path: string) => string;
}

/** A table whose declaration rollsafe could not read fully (its columns are still listed). */
export interface ExtractProblem {
  location: SourceLocation;
  message: string;
}

export interface ExtractResult {
  schema: DrizzleSchema;
  problems: ExtractProblem[];
}

export function extractDrizzleSchema(sources: readonly SchemaSource[], options: ExtractOptions = {}): ExtractResult {
  const m = loadTsMorph();
  const cwd = options.cwd ?? process.cwd();
  const display = options.display ?? ((path: string) => (isAbsolute(path) ? relative(cwd, path) || path : path));
  const project = new m.Project({ useInMemoryFileSystem: true, skipFileDependencyResolution: true, compilerOptions: { allowJs: true } });
  const files = sources.map((s) => project.createSourceFile(s.path, s.text, { overwrite: true }));
  const scopes = files.map((file) => {
    const shown = display(sources[files.indexOf(file)]!.path);
    const location = (node: TsMorph.Node): SourceLocation => {
      const { line, column } = file.getLineAndColumnAtPos(node.getStart());
      return { file: shown, line, column };
    };
    return { scope: buildScope(m, file, location), location };
  });
  const exportedEnums = new Map<string, DrizzleEnum>();
  for (const { scope } of scopes) for (const [name, type] of scope.enums) if (isExported(scope.file, name)) exportedEnums.set(name, type);

  const tables: { table: DrizzleTable; scope: FileScope }[] = [];
  const references: PendingReference[] = [];
  const problems: ExtractProblem[] = [];
  for (const { scope, location } of scopes) {
    for (const declaration of scope.file.getVariableDeclarations()) {
      const init = declaration.getInitializer();
      if (!init || !m.Node.isCallExpression(init) || !isExported(scope.file, declaration.getName())) continue;
      const target = tableTarget(m, scope, init.getExpression());
      if (!target) continue;
      const table = readTable(m, scope, init, target, declaration, location, { casing: options.casing, enumByExport: (name) => exportedEnums.get(name), references, problems });
      if (table) tables.push({ table, scope });
    }
  }
  resolveReferences(references, tables);
  const enums = scopes.flatMap(({ scope }) => [...scope.enums].filter(([name]) => isExported(scope.file, name)).map(([, type]) => type));
  return { schema: { source: "schema-file", tables: tables.map((t) => t.table), enums }, problems };
}

/**
 * Whether the file exports the variable (`export const x`, `export { x }`, `export default x`): drizzle-kit
 * only sees exported tables. Read from the syntax alone: asking the type checker would cost seconds.
 */
function isExported(file: TsMorph.SourceFile, name: string): boolean {
  if (file.getVariableDeclaration(name)?.isExported()) return true;
  for (const declaration of file.getExportDeclarations()) {
    if (declaration.getModuleSpecifier()) continue;
    if (declaration.getNamedExports().some((e) => e.getName() === name)) return true;
  }
  return file.getExportAssignments().some((a) => a.getExpression().getText() === name);
}

/** For a table-declaring call: its schema and table-name mapping; undefined for any other call. */
function tableTarget(m: typeof TsMorph, scope: FileScope, callee: TsMorph.Node): { schema: string; mapName: (name: string) => string } | undefined {
  const identity = (name: string) => name;
  const builder = pgCoreName(m, scope, callee);
  if (builder === "pgTable") return { schema: "public", mapName: identity };
  if (m.Node.isPropertyAccessExpression(callee)) {
    const target = callee.getExpression();
    // pgTable.withRLS(...)
    if (callee.getName() === "withRLS" && pgCoreName(m, scope, target) === "pgTable") return { schema: "public", mapName: identity };
    const schema = scope.schemas.get(target.getText());
    if (schema !== undefined && (callee.getName() === "table" || callee.getName() === "withRLS")) return { schema, mapName: identity };
  }
  if (m.Node.isIdentifier(callee) && scope.tableCreators.has(callee.getText())) return { schema: "public", mapName: scope.tableCreators.get(callee.getText())! };
  return undefined;
}

interface TableContext {
  casing: DrizzleCasing | undefined;
  enumByExport: (name: string) => DrizzleEnum | undefined;
  references: PendingReference[];
  problems: ExtractProblem[];
}

function readTable(
  m: typeof TsMorph,
  scope: FileScope,
  call: TsMorph.CallExpression,
  target: { schema: string; mapName: (name: string) => string },
  declaration: TsMorph.VariableDeclaration,
  location: (node: TsMorph.Node) => SourceLocation,
  ctx: TableContext,
): DrizzleTable | undefined {
  const [nameArg, columnsArg, extras] = call.getArguments();
  if (!nameArg || !(m.Node.isStringLiteral(nameArg) || m.Node.isNoSubstitutionTemplateLiteral(nameArg))) {
    ctx.problems.push({ location: location(call), message: `${declaration.getName()}: the table name is not a string literal; the table is left out` });
    return undefined;
  }
  const table: DrizzleTable = { schema: target.schema, name: target.mapName(nameArg.getLiteralText()), tsName: declaration.getName(), columns: [], uniques: [], indexes: [], location: location(declaration.getNameNode()) };
  // Columns: an object literal, or `(t) => ({...})` whose parameter holds the builders.
  let columns: TsMorph.Node | undefined = columnsArg;
  let builderParam: string | undefined;
  if (columns && (m.Node.isArrowFunction(columns) || m.Node.isFunctionExpression(columns))) {
    builderParam = columns.getParameters()[0]?.getName();
    let body: TsMorph.Node | undefined = columns.getBody();
    if (m.Node.isBlock(body)) body = body.getDescendantsOfKind(m.SyntaxKind.ReturnStatement)[0]?.getExpression();
    while (body && m.Node.isParenthesizedExpression(body)) body = body.getExpression();
    columns = body;
  }
  if (!columns || !m.Node.isObjectLiteralExpression(columns)) {
    ctx.problems.push({ location: location(call), message: `${declaration.getName()}: the columns are not an object literal; the table is left out` });
    return undefined;
  }
  for (const property of columns.getProperties()) {
    if (!m.Node.isPropertyAssignment(property)) {
      ctx.problems.push({ location: location(property), message: `${declaration.getName()}: a spread or method among the columns cannot be read; its columns are left out` });
      continue;
    }
    const init = property.getInitializer();
    if (!init) continue;
    table.columns.push(readColumn(property.getName().replace(/^["']|["']$/g, ""), property.getNameNode(), init, { m, scope, casing: ctx.casing, builderParam, location, enumByExport: ctx.enumByExport, references: ctx.references }));
  }
  if (extras) readTableExtras(m, scope, table, extras, location);
  return table;
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
