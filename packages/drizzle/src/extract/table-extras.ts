// A pgTable's third argument: `(t) => [index("x").on(t.a), primaryKey({ columns: [t.a, t.b] }), unique().on(t.c)]`,
// or the older `(t) => ({ name: index(...).on(...) })`: indexes, the composite primary key, unique constraints.
import type { DrizzleTable, SourceLocation } from "../schema/types.js";
import { pgCoreName, type FileScope } from "./file-scope.js";
import type { TsMorph } from "./load-ts-morph.js";

type Node = TsMorph.Node;

export function readTableExtras(m: typeof TsMorph, scope: FileScope, table: DrizzleTable, extras: Node, location: (node: Node) => SourceLocation): void {
  if (!m.Node.isArrowFunction(extras) && !m.Node.isFunctionExpression(extras)) return;
  const param = extras.getParameters()[0]?.getName();
  let body: Node | undefined = extras.getBody();
  if (m.Node.isBlock(body)) body = body.getDescendantsOfKind(m.SyntaxKind.ReturnStatement)[0]?.getExpression();
  while (body && m.Node.isParenthesizedExpression(body)) body = body.getExpression();
  if (!body) return;
  const items = m.Node.isArrayLiteralExpression(body)
    ? body.getElements()
    : m.Node.isObjectLiteralExpression(body)
      ? body.getProperties().flatMap((p) => (m.Node.isPropertyAssignment(p) && p.getInitializer() ? [p.getInitializer()!] : []))
      : [];
  const columnOf = (node: Node): string | undefined => {
    if (!m.Node.isPropertyAccessExpression(node) || node.getExpression().getText() !== param) return undefined;
    const key = node.getName();
    return table.columns.find((c) => c.key === key)?.name;
  };
  for (const item of items) readItem(m, scope, table, item, columnOf, location);
}

function readItem(m: typeof TsMorph, scope: FileScope, table: DrizzleTable, item: Node, columnOf: (node: Node) => string | undefined, location: (node: Node) => SourceLocation): void {
  // Unwind the chain: base call (index("x")), then its methods (.on(...), .using(...), .nullsNotDistinct()).
  const methods: { name: string; args: Node[] }[] = [];
  let node: Node = item;
  let base: { name: string; args: Node[] } | undefined;
  while (m.Node.isCallExpression(node)) {
    const callee = node.getExpression();
    const builder = pgCoreName(m, scope, callee);
    if (builder) {
      base = { name: builder, args: node.getArguments() };
      break;
    }
    if (!m.Node.isPropertyAccessExpression(callee)) return;
    methods.unshift({ name: callee.getName(), args: node.getArguments() });
    node = callee.getExpression();
  }
  if (!base) return;
  const nameArg = base.args[0] && m.Node.isStringLiteral(base.args[0]) ? base.args[0].getLiteralText() : undefined;
  const columns = (args: Node[]) => args.map(columnOf).filter((c): c is string => c !== undefined);
  const onColumns = methods.filter((x) => x.name === "on" || x.name === "using").flatMap((x) => columns(x.name === "using" ? x.args.slice(1) : x.args));
  const where = location(item);
  switch (base.name) {
    case "index":
    case "uniqueIndex":
      table.indexes.push({ ...(nameArg ? { name: nameArg } : {}), columns: onColumns, unique: base.name === "uniqueIndex", location: where });
      break;
    case "unique":
      table.uniques.push({ ...(nameArg ? { name: nameArg } : {}), columns: onColumns, ...(methods.some((x) => x.name === "nullsNotDistinct") ? { nullsNotDistinct: true } : {}), location: where });
      break;
    case "primaryKey": {
      const config = base.args[0];
      if (config && m.Node.isObjectLiteralExpression(config)) {
        const list = config.getProperty("columns");
        const init = list && m.Node.isPropertyAssignment(list) ? list.getInitializer() : undefined;
        const name = config.getProperty("name");
        const nameInit = name && m.Node.isPropertyAssignment(name) ? name.getInitializer() : undefined;
        table.primaryKey = { ...(nameInit && m.Node.isStringLiteral(nameInit) ? { name: nameInit.getLiteralText() } : {}), columns: init && m.Node.isArrayLiteralExpression(init) ? columns(init.getElements()) : [] };
      } else {
        table.primaryKey = { columns: columns(base.args) };
      }
      break;
    }
  }
}
