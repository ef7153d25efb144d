// One column of a pgTable: the builder call at the bottom of the method chain (`varchar("email", {
// length: 255 })`, `t.integer()`, `mood()`) and the modifiers above it (`.notNull()`, `.default(...)`,
// `.references(() => users.id)`), read without running the file.
import type { DrizzleCasing } from "../config/read-config.js";
import type { DrizzleColumn, DrizzleEnum, SourceLocation } from "../schema/types.js";
import { columnName } from "./casing.js";
import { BUILDER_TYPES, type BuilderConfig } from "./column-types.js";
import { pgCoreName, type FileScope } from "./file-scope.js";
import { initOf, isIdentifier, returnedBy, type Expr, type MemberExpr } from "./syntax.js";

/** A `.references(() => table.column)` before the referenced table is known. */
export interface PendingReference {
  column: DrizzleColumn;
  /** The local name of the referenced table's variable, in the column's file. */
  tableLocal: string;
  /** The referenced column's key. */
  columnKey: string;
  scope: FileScope;
  actions: { onDelete?: string; onUpdate?: string };
}

export interface ColumnContext<N> {
  scope: FileScope<N>;
  casing: DrizzleCasing | undefined;
  /** The `(t) => ({...})` columns callback's parameter, when the columns are written that way. */
  builderParam: string | undefined;
  location: (node: N) => SourceLocation;
  /** Enums of other files, by exported name. */
  enumByExport: (name: string) => DrizzleEnum | undefined;
  references: PendingReference[];
}

interface Method<N> {
  name: string;
  args: Expr<N>[];
}

interface Base<N> {
  builder: string | undefined;
  enumType: DrizzleEnum | undefined;
  custom: string | undefined;
  args: Expr<N>[];
}

export function readColumn<N>(key: string, keyNode: N, value: Expr<N>, ctx: ColumnContext<N>): DrizzleColumn {
  const methods: Method<N>[] = [];
  let expr: Expr<N> = value;
  let base: Base<N> | undefined;
  while (expr.kind === "call") {
    const { callee, args } = expr;
    if (callee.kind === "member" && !isBuilderAccess(ctx, callee)) {
      methods.unshift({ name: callee.name, args });
      expr = callee.object;
      continue;
    }
    base = baseOf(ctx, callee, args);
    break;
  }
  const { explicitName, config } = builderArgs(base?.args ?? []);
  const column: DrizzleColumn = { name: columnName(key, explicitName, ctx.casing), key, type: undefined, notNull: false, primaryKey: false, unique: false, location: ctx.location(keyNode) };
  if (base?.enumType) {
    column.type = base.enumType.name;
    if (base.enumType.schema !== "public") column.typeSchema = base.enumType.schema;
  } else if (base?.custom !== undefined) {
    column.type = base.custom;
  } else if (base?.builder && BUILDER_TYPES[base.builder]) {
    column.type = BUILDER_TYPES[base.builder]!(config);
  }
  for (const method of methods) applyMethod(column, method, ctx);
  return column;
}

/** `t.integer` in the callback form, or `p.integer` through a namespace import: the builder itself. */
function isBuilderAccess<N>(ctx: ColumnContext<N>, callee: MemberExpr<N>): boolean {
  return isIdentifier(callee.object) && (callee.object.name === ctx.builderParam || ctx.scope.pgCoreNamespaces.has(callee.object.name));
}

function baseOf<N>(ctx: ColumnContext<N>, callee: Expr<N>, args: Expr<N>[]): Base<N> {
  const { scope } = ctx;
  const none = { builder: undefined, enumType: undefined, custom: undefined, args };
  if (callee.kind === "member" && isIdentifier(callee.object, ctx.builderParam)) return { ...none, builder: callee.name };
  const builder = pgCoreName(scope, callee);
  if (builder) return { ...none, builder };
  if (callee.kind === "identifier") {
    const name = callee.name;
    const enumType = scope.enums.get(name) ?? (scope.imported.has(name) ? ctx.enumByExport(scope.imported.get(name)!) : undefined);
    if (enumType) return { ...none, enumType };
    if (scope.customTypes.has(name)) return { ...none, custom: scope.customTypes.get(name) };
  }
  return none;
}

/** `("name", { length: 255 })`, `({ length: 255 })`, `("name")` or `()`. */
function builderArgs<N>(args: Expr<N>[]): { explicitName: string | undefined; config: BuilderConfig } {
  let explicitName: string | undefined;
  let rest = args;
  const first = args[0];
  if (first?.kind === "string") {
    explicitName = first.value;
    rest = args.slice(1);
  }
  const config: BuilderConfig = {};
  const object = rest[0];
  if (object?.kind === "object") {
    for (const property of object.properties) {
      const value = property.kind === "init" ? property.value : undefined;
      if (property.key === undefined || !value) continue;
      if (value.kind === "string" || value.kind === "number" || value.kind === "boolean") config[property.key] = value.value;
    }
  }
  return { explicitName, config };
}

function applyMethod<N>(column: DrizzleColumn, method: Method<N>, ctx: ColumnContext<N>): void {
  switch (method.name) {
    case "notNull":
      column.notNull = true;
      break;
    case "primaryKey":
      column.primaryKey = true;
      column.notNull = true;
      break;
    case "unique":
      column.unique = true;
      break;
    case "default":
      column.default = defaultText(method.args[0]);
      break;
    case "defaultNow":
      column.default = "now()";
      break;
    case "defaultRandom":
      column.default = "gen_random_uuid()";
      break;
    case "$default":
    case "$defaultFn":
    case "$onUpdate":
    case "$onUpdateFn":
      column.appDefault = true;
      break;
    case "array":
      if (column.type !== undefined) column.type = `${column.type}[${method.args[0]?.text ?? ""}]`;
      break;
    case "generatedAlwaysAs":
      column.generated = true;
      break;
    case "generatedAlwaysAsIdentity":
    case "generatedByDefaultAsIdentity":
      column.identity = true;
      column.notNull = true;
      break;
    case "references":
      reference(column, method.args, ctx);
      break;
  }
}

/** The default as SQL text: `'draft'`, `0`, `false`, the text of a sql`...` template, else the expression. */
function defaultText<N>(value: Expr<N> | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === "string") return `'${value.value.replace(/'/g, "''")}'`;
  if (value.kind === "tagged" && isIdentifier(value.tag, "sql")) return value.value ?? value.inner;
  return value.text;
}

/** `.references(() => users.id, { onDelete: "cascade" })`. */
function reference<N>(column: DrizzleColumn, args: Expr<N>[], ctx: ColumnContext<N>): void {
  const fn = args[0];
  if (fn?.kind !== "function") return;
  const body = returnedBy(fn);
  if (body?.kind !== "member") return;
  const actions: PendingReference["actions"] = {};
  const config = args[1];
  if (config?.kind === "object") {
    for (const name of ["onDelete", "onUpdate"] as const) {
      const value = initOf(config, name);
      if (value?.kind === "string") actions[name] = value.value;
    }
  }
  ctx.references.push({ column, tableLocal: body.object.text, columnKey: body.name, scope: ctx.scope, actions });
}
