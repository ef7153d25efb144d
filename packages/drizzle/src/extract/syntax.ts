// The syntax of a schema file as the extractor reads it, whatever parsed the file: ts-morph for the CLI
// (from-ts-morph.ts), typescript-eslint's ESTree for the editor (../estree/). Each front end turns what a
// file declares into this small tree once; everything that gives it a meaning in Drizzle's terms (which
// call declares a table, a column's type, casing, defaults, references, indexes) is written once, over
// it (assemble.ts). `N` is the front end's node, kept so that locations (and the editor's reports) point
// back into the file.

/** An expression, as far as the extractor needs to tell kinds apart; parentheses, `as`, `satisfies` and `!` are unwrapped. */
export type Expr<N> = CallExpr<N> | MemberExpr<N> | IdentifierExpr<N> | StringExpr<N> | NumberExpr<N> | BooleanExpr<N> | ObjectExpr<N> | ArrayExpr<N> | FunctionExpr<N> | TemplateExpr<N> | TaggedTemplateExpr<N> | OtherExpr<N>;

interface ExprBase<N> {
  node: N;
  /** The expression's source text, as written. */
  text: string;
}

export interface CallExpr<N> extends ExprBase<N> {
  kind: "call";
  callee: Expr<N>;
  args: Expr<N>[];
}

/** `object.name` (not `object[name]`). */
export interface MemberExpr<N> extends ExprBase<N> {
  kind: "member";
  object: Expr<N>;
  name: string;
}

export interface IdentifierExpr<N> extends ExprBase<N> {
  kind: "identifier";
  name: string;
}

/** A string literal, or a template literal without substitutions: its value. */
export interface StringExpr<N> extends ExprBase<N> {
  kind: "string";
  value: string;
}

export interface NumberExpr<N> extends ExprBase<N> {
  kind: "number";
  value: number;
}

export interface BooleanExpr<N> extends ExprBase<N> {
  kind: "boolean";
  value: boolean;
}

export interface ObjectExpr<N> extends ExprBase<N> {
  kind: "object";
  properties: PropertySyntax<N>[];
}

/**
 * One member of an object literal: `key: value` (init), `key` (shorthand), `key() {}` (method, whose
 * value is the function), `...value` (spread), or an accessor (other).
 */
export interface PropertySyntax<N> {
  kind: "init" | "shorthand" | "method" | "spread" | "other";
  node: N;
  /** The key as a name (quotes removed); undefined for a spread. */
  key: string | undefined;
  keyNode: N;
  value: Expr<N> | undefined;
}

export interface ArrayExpr<N> extends ExprBase<N> {
  kind: "array";
  elements: Expr<N>[];
}

/** An arrow function, function expression or method. */
export interface FunctionExpr<N> extends ExprBase<N> {
  kind: "function";
  /** Parameter names; undefined for a destructuring pattern. */
  params: (string | undefined)[];
  /** The body of `(x) => expression`. */
  body: Expr<N> | undefined;
  /** For a block body: the expressions of its `return` statements, in source order (nested functions included). */
  returns: Expr<N>[];
}

/** A template literal with substitutions: `quasis` (cooked) around `expressions`. */
export interface TemplateExpr<N> extends ExprBase<N> {
  kind: "template";
  quasis: string[];
  expressions: Expr<N>[];
}

/** `` tag`...` ``: the tag, and the template's text between the backticks as written. */
export interface TaggedTemplateExpr<N> extends ExprBase<N> {
  kind: "tagged";
  tag: Expr<N>;
  /** Cooked text when the template has no substitution. */
  value: string | undefined;
  /** The text between the backticks, as written. */
  inner: string;
}

export interface OtherExpr<N> extends ExprBase<N> {
  kind: "other";
}

export interface ImportSyntax {
  module: string;
  /** `import * as x from "..."`. */
  namespace: string | undefined;
  named: { imported: string; local: string }[];
}

/** A top-level `const x = ...` (or let/var). */
export interface VariableSyntax<N> {
  name: string;
  nameNode: N;
  init: Expr<N> | undefined;
}

export interface FileSyntax<N> {
  imports: ImportSyntax[];
  variables: VariableSyntax<N>[];
  /** Local names the file exports: `export const x`, `export { x }` (without `from`), `export default x`. */
  exported: Set<string>;
}

/** The value a function returns: its expression body, else its first `return`. */
export function returnedBy<N>(fn: FunctionExpr<N>): Expr<N> | undefined {
  return fn.body ?? fn.returns[0];
}

/** The property of an object literal with that key. */
export function propertyOf<N>(object: ObjectExpr<N>, key: string): PropertySyntax<N> | undefined {
  return object.properties.find((p) => p.key === key && p.kind !== "spread");
}

/** The value of `key: value`, when the object has that property written so. */
export function initOf<N>(object: ObjectExpr<N>, key: string): Expr<N> | undefined {
  const property = propertyOf(object, key);
  return property?.kind === "init" ? property.value : undefined;
}

export function isIdentifier<N>(expr: Expr<N> | undefined, name?: string): expr is IdentifierExpr<N> {
  return expr?.kind === "identifier" && (name === undefined || expr.name === name);
}
