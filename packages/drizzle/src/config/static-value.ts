// The value of an expression in a config file when it can be known without running the file: string,
// number and boolean literals, arrays and objects of them, `as const` / `satisfies`, and identifiers bound
// to such a value by a `const` in the same file. Anything else is "not static", with the place it stands.
import type { TypeScript } from "./load-typescript.js";

export type StaticValue = string | number | boolean | null | StaticValue[] | StaticObject;

/** An object's properties, each static or not: one that is not static only matters to a caller that reads it. */
export interface StaticObject {
  [key: string]: StaticValue | NotStatic;
}

/** An expression whose value cannot be known statically: where it is, and its text. */
export interface NotStatic {
  notStatic: true;
  node: TypeScript.Node;
}

export function staticValue(ts: typeof TypeScript, node: TypeScript.Node, consts: ReadonlyMap<string, TypeScript.Expression>, seen = new Set<string>()): StaticValue | NotStatic {
  const value = (n: TypeScript.Node) => staticValue(ts, n, consts, seen);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node) || ts.isNonNullExpression(node)) return value(node.expression);
  if (ts.isArrayLiteralExpression(node)) {
    const items: StaticValue[] = [];
    for (const element of node.elements) {
      const item = value(element);
      if (isNotStatic(item)) return item;
      items.push(item);
    }
    return items;
  }
  if (ts.isObjectLiteralExpression(node)) return objectValue(ts, node, consts, seen);
  if (ts.isIdentifier(node) && consts.has(node.text) && !seen.has(node.text)) {
    return staticValue(ts, consts.get(node.text)!, consts, new Set([...seen, node.text]));
  }
  return { notStatic: true, node };
}

/**
 * An object literal's properties, each static or not: a property that is not static only matters when
 * a caller reads it (a config's `dbCredentials` from process.env is fine).
 */
export function objectValue(ts: typeof TypeScript, node: TypeScript.ObjectLiteralExpression, consts: ReadonlyMap<string, TypeScript.Expression>, seen = new Set<string>()): StaticObject | NotStatic {
  const object: StaticObject = {};
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      const key = propertyName(ts, property.name);
      if (key === undefined) return { notStatic: true, node: property };
      object[key] = staticValue(ts, property.initializer, consts, seen);
    } else if (ts.isShorthandPropertyAssignment(property)) {
      object[property.name.text] = staticValue(ts, property.name, consts, seen);
    } else {
      // A spread or a method: the object's keys cannot be known.
      return { notStatic: true, node: property };
    }
  }
  return object;
}

function propertyName(ts: typeof TypeScript, name: TypeScript.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

export function isNotStatic(value: unknown): value is NotStatic {
  return typeof value === "object" && value !== null && (value as { notStatic?: unknown }).notStatic === true;
}
