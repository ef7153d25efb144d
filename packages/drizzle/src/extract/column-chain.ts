// One column of a pgTable: the builder call at the bottom of the method chain (`varchar("email", {
// length: 255 })`, `t.integer()`, `mood()`) and the modifiers above it (`.notNull()`, `.default(...)`,
// `.references(() => users.id)`), read without running the file.
import type { DrizzleCasing } from "../config/read-config.js";
import type { DrizzleColumn, DrizzleEnum, SourceLocation } from "../schema/types.js";
import { columnName } from "./casing.js";
import { BUILDER_TYPES, type BuilderConfig } from "./column-types.js";
import { pgCoreName, type FileScope } from "./file-scope.js";
import type { TsMorph } from "./load-ts-morph.js";

type Node = TsMorph.Node;

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

export interface ColumnContext {
  m: typeof TsMorph;
  scope: FileScope;
  casing: DrizzleCasing | undefined;
  /** The `(t) => ({...})` columns callback's parameter, when the columns are written that way. */
  builderParam: string | undefined;
  location: (node: Node) => SourceLocation;
  /** Enums of other files, by exported name. */
  enumByExport: (name: string) => DrizzleEnum | undefined;
  references: PendingReference[];
}

interface Method {
  name: string;
  args: Node[];
}

export function readColumn(key: string, keyNode: Node, value: Node, ctx: ColumnContext): DrizzleColumn {
  const { m } = ctx;
  const methods: Method[] = [];
  let node: Node = value;
  let base: { builder: string | undefined; enumType: DrizzleEnum | undefined; custom: string | undefined; args: Node[] } | undefined;
  while (m.Node.isCallExpression(node)) {
    const callee = node.getExpression();
    const args = node.getArguments();
    if (m.Node.isPropertyAccessExpression(callee) && !isBuilderAccess(ctx, callee)) {
      methods.unshift({ name: callee.getName(), args });
      node = callee.getExpression();
      continue;
    }
    base = baseOf(ctx, callee, args);
    break;
  }
  const { explicitName, config } = builderArgs(m, base?.args ?? []);
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
function isBuilderAccess(ctx: ColumnContext, callee: TsMorph.PropertyAccessExpression): boolean {
  const target = callee.getExpression().getText();
  return target === ctx.builderParam || ctx.scope.pgCoreNamespaces.has(target);
}

function baseOf(ctx: ColumnContext, callee: Node, args: Node[]) {
  const { m, scope } = ctx;
  if (m.Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === ctx.builderParam) {
    return { builder: callee.getName(), enumType: undefined, custom: undefined, args };
  }
  const builder = pgCoreName(m, scope, callee);
  if (builder) return { builder, enumType: undefined, custom: undefined, args };
  if (m.Node.isIdentifier(callee)) {
    const name = callee.getText();
    const enumType = scope.enums.get(name) ?? (scope.imported.has(name) ? ctx.enumByExport(scope.imported.get(name)!) : undefined);
    if (enumType) return { builder: undefined, enumType, custom: undefined, args };
    if (scope.customTypes.has(name)) return { builder: undefined, enumType: undefined, custom: scope.customTypes.get(name), args };
  }
  return { builder: undefined, enumType: undefined, custom: undefined, args };
}

/** `("name", { length: 255 })`, `({ length: 255 })`, `("name")` or `()`. */
function builderArgs(m: typeof TsMorph, args: Node[]): { explicitName: string | undefined; config: BuilderConfig } {
  let explicitName: string | undefined;
  let rest = args;
  const first = args[0];
  if (first && (m.Node.isStringLiteral(first) || m.Node.isNoSubstitutionTemplateLiteral(first))) {
    explicitName = first.getLiteralText();
    rest = args.slice(1);
  }
  const config: BuilderConfig = {};
  const object = rest[0];
  if (object && m.Node.isObjectLiteralExpression(object)) {
    for (const property of object.getProperties()) {
      if (!m.Node.isPropertyAssignment(property)) continue;
      const init = property.getInitializer();
      if (!init) continue;
      if (m.Node.isStringLiteral(init) || m.Node.isNoSubstitutionTemplateLiteral(init)) config[property.getName()] = init.getLiteralText();
      else if (m.Node.isNumericLiteral(init)) config[property.getName()] = Number(init.getLiteralValue());
      else if (init.getKind() === m.SyntaxKind.TrueKeyword) config[property.getName()] = true;
      else if (init.getKind() === m.SyntaxKind.FalseKeyword) config[property.getName()] = false;
    }
  }
  return { explicitName, config };
}

function applyMethod(column: DrizzleColumn, method: Method, ctx: ColumnContext): void {
  const { m } = ctx;
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
      column.default = defaultText(m, method.args[0]);
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
      if (column.type !== undefined) column.type = `${column.type}[${method.args[0]?.getText() ?? ""}]`;
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
function defaultText(m: typeof TsMorph, value: Node | undefined): string | undefined {
  if (!value) return undefined;
  if (m.Node.isStringLiteral(value) || m.Node.isNoSubstitutionTemplateLiteral(value)) return `'${value.getLiteralText().replace(/'/g, "''")}'`;
  if (m.Node.isTaggedTemplateExpression(value) && value.getTag().getText() === "sql") {
    const template = value.getTemplate();
    return m.Node.isNoSubstitutionTemplateLiteral(template) ? template.getLiteralText() : template.getText().slice(1, -1);
  }
  return value.getText();
}

/** `.references(() => users.id, { onDelete: "cascade" })`. */
function reference(column: DrizzleColumn, args: Node[], ctx: ColumnContext): void {
  const { m } = ctx;
  const fn = args[0];
  if (!fn || !(m.Node.isArrowFunction(fn) || m.Node.isFunctionExpression(fn))) return;
  let body: Node | undefined = fn.getBody();
  if (m.Node.isBlock(body)) body = body.getDescendantsOfKind(m.SyntaxKind.ReturnStatement)[0]?.getExpression();
  while (body && (m.Node.isParenthesizedExpression(body) || m.Node.isAsExpression(body))) body = body.getExpression();
  if (!body || !m.Node.isPropertyAccessExpression(body)) return;
  const actions: PendingReference["actions"] = {};
  const config = args[1];
  if (config && m.Node.isObjectLiteralExpression(config)) {
    for (const name of ["onDelete", "onUpdate"] as const) {
      const property = config.getProperty(name);
      const init = property && m.Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
      if (init && m.Node.isStringLiteral(init)) actions[name] = init.getLiteralText();
    }
  }
  ctx.references.push({ column, tableLocal: body.getExpression().getText(), columnKey: body.getName(), scope: ctx.scope, actions });
}
