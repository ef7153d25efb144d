// A pgTable's third argument: `(t) => [index("x").on(t.a), primaryKey({ columns: [t.a, t.b] }), unique().on(t.c)]`,
// or the older `(t) => ({ name: index(...).on(...) })`: indexes, the composite primary key, unique constraints.
import type { DrizzleTable, SourceLocation } from "../schema/types.js";
import { pgCoreName, type FileScope } from "./file-scope.js";
import { initOf, isIdentifier, returnedBy, type Expr } from "./syntax.js";

export function readTableExtras<N>(scope: FileScope<N>, table: DrizzleTable, extras: Expr<N>, location: (node: N) => SourceLocation): void {
  if (extras.kind !== "function") return;
  const param = extras.params[0];
  const body = returnedBy(extras);
  if (!body) return;
  const items =
    body.kind === "array"
      ? body.elements
      : body.kind === "object"
        ? body.properties.flatMap((p) => (p.kind === "init" && p.value ? [p.value] : []))
        : [];
  const columnOf = (expr: Expr<N>): string | undefined => {
    if (expr.kind !== "member" || param === undefined || !isIdentifier(expr.object, param)) return undefined;
    const key = expr.name;
    return table.columns.find((c) => c.key === key)?.name;
  };
  for (const item of items) readItem(scope, table, item, columnOf, location);
}

function readItem<N>(scope: FileScope<N>, table: DrizzleTable, item: Expr<N>, columnOf: (expr: Expr<N>) => string | undefined, location: (node: N) => SourceLocation): void {
  // Unwind the chain: base call (index("x")), then its methods (.on(...), .using(...), .nullsNotDistinct()).
  const methods: { name: string; args: Expr<N>[] }[] = [];
  let expr: Expr<N> = item;
  let base: { name: string; args: Expr<N>[] } | undefined;
  while (expr.kind === "call") {
    const callee: Expr<N> = expr.callee;
    const builder = pgCoreName(scope, callee);
    if (builder) {
      base = { name: builder, args: expr.args };
      break;
    }
    if (callee.kind !== "member") return;
    methods.unshift({ name: callee.name, args: expr.args });
    expr = callee.object;
  }
  if (!base) return;
  const nameArg = base.args[0]?.kind === "string" ? base.args[0].value : undefined;
  const columns = (args: Expr<N>[]) => args.map(columnOf).filter((c): c is string => c !== undefined);
  const onColumns = methods.filter((x) => x.name === "on" || x.name === "using").flatMap((x) => columns(x.name === "using" ? x.args.slice(1) : x.args));
  const where = location(item.node);
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
      if (config?.kind === "object") {
        const list = initOf(config, "columns");
        const name = initOf(config, "name");
        table.primaryKey = { ...(name?.kind === "string" ? { name: name.value } : {}), columns: list?.kind === "array" ? columns(list.elements) : [] };
      } else {
        table.primaryKey = { columns: columns(base.args) };
      }
      break;
    }
  }
}
