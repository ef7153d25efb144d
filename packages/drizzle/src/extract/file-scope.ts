// What the names of one schema file stand for: pg-core's builders (as imported, possibly renamed),
// enums, pgSchema(...) objects, pgTableCreator(...) functions, and names imported from other files.
import type { DrizzleEnum, SourceLocation } from "../schema/types.js";
import { isIdentifier, propertyOf, returnedBy, type Expr, type FileSyntax } from "./syntax.js";

export interface FileScope<N = unknown> {
  file: FileSyntax<N>;
  /** Local name -> pg-core export it names (`import { text as pgText }`: pgText -> text). */
  pgCore: Map<string, string>;
  /** Local names of `import * as x from "drizzle-orm/pg-core"`. */
  pgCoreNamespaces: Set<string>;
  /** Local name -> the exported name it imports from another file of the project. */
  imported: Map<string, string>;
  /** Local name -> enum (`pgEnum(...)`, `schema.enum(...)`). */
  enums: Map<string, DrizzleEnum>;
  /** Local name -> PostgreSQL schema name (`pgSchema("auth")`). */
  schemas: Map<string, string>;
  /** Local name -> table-name mapping (`pgTableCreator((name) => \`app_${name}\`)`). */
  tableCreators: Map<string, (name: string) => string>;
  /** Local name -> SQL type of a `customType({ dataType() { return "citext"; } })`. */
  customTypes: Map<string, string | undefined>;
}

export function isPgCoreModule(specifier: string): boolean {
  return specifier === "drizzle-orm/pg-core" || specifier.startsWith("drizzle-orm/pg-core/");
}

export function buildScope<N>(file: FileSyntax<N>, location: (node: N) => SourceLocation): FileScope<N> {
  const scope: FileScope<N> = { file, pgCore: new Map(), pgCoreNamespaces: new Set(), imported: new Map(), enums: new Map(), schemas: new Map(), tableCreators: new Map(), customTypes: new Map() };
  for (const declaration of file.imports) {
    const pgCore = isPgCoreModule(declaration.module);
    if (declaration.namespace && pgCore) scope.pgCoreNamespaces.add(declaration.namespace);
    for (const { imported, local } of declaration.named) (pgCore ? scope.pgCore : scope.imported).set(local, imported);
  }
  for (const variable of file.variables) {
    const init = variable.init;
    if (init?.kind !== "call") continue;
    const { callee, args } = init;
    const builder = pgCoreName(scope, callee);
    const schemaOfEnum = callee.kind === "member" && callee.name === "enum" && isIdentifier(callee.object) ? scope.schemas.get(callee.object.name) : undefined;
    if (builder === "pgEnum" || schemaOfEnum !== undefined) {
      const values = args[1]?.kind === "array" ? args[1].elements.flatMap((e) => (e.kind === "string" ? [e.value] : [])) : [];
      const enumName = args[0]?.kind === "string" ? args[0].value : variable.name;
      scope.enums.set(variable.name, { schema: schemaOfEnum ?? "public", name: enumName, values, location: location(variable.nameNode) });
    } else if (builder === "pgSchema" && args[0]?.kind === "string") {
      scope.schemas.set(variable.name, args[0].value);
    } else if (builder === "pgTableCreator" && args[0]) {
      const mapping = nameMapping(args[0]);
      if (mapping) scope.tableCreators.set(variable.name, mapping);
    } else if (builder === "customType") {
      scope.customTypes.set(variable.name, customDataType(args[0]));
    }
  }
  return scope;
}

/** The pg-core export a callee names (`text`, `p.text`), or undefined. */
export function pgCoreName<N>(scope: FileScope<N>, callee: Expr<N>): string | undefined {
  if (callee.kind === "identifier") return scope.pgCore.get(callee.name);
  if (callee.kind === "member" && isIdentifier(callee.object) && scope.pgCoreNamespaces.has(callee.object.name)) return callee.name;
  return undefined;
}

/** `(name) => \`prefix_${name}\``: the mapping, when it is that simple. */
function nameMapping<N>(expr: Expr<N>): ((name: string) => string) | undefined {
  if (expr.kind !== "function") return undefined;
  const param = expr.params[0];
  const body = returnedBy(expr);
  if (!param || body?.kind !== "template" || body.expressions.length !== 1 || !isIdentifier(body.expressions[0], param)) return undefined;
  const [head = "", tail = ""] = body.quasis;
  return (name) => `${head}${name}${tail}`;
}

/** `customType({ dataType() { return "citext"; } })`: the returned string literal. */
function customDataType<N>(config: Expr<N> | undefined): string | undefined {
  if (config?.kind !== "object") return undefined;
  const member = propertyOf(config, "dataType");
  const fn = member && (member.kind === "method" || member.kind === "init") ? member.value : undefined;
  if (fn?.kind !== "function") return undefined;
  if (fn.body) return fn.body.kind === "string" ? fn.body.value : undefined;
  const only = fn.returns.length === 1 ? fn.returns[0] : undefined;
  return only?.kind === "string" ? only.value : undefined;
}
