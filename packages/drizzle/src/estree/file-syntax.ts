// The ESTree front end (typescript-eslint's tree, as ESLint hands it to a rule): a parsed schema file as
// the extractor's syntax (../extract/syntax.ts), so that the editor builds the same DrizzleSchema as the
// CLI from the tree ESLint already has: no second parse, no TypeScript program, no ts-morph.
import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/types";
import type { SyntaxFile } from "../extract/assemble.js";
import type { Expr, FileSyntax, FunctionExpr, ImportSyntax, PropertySyntax, VariableSyntax } from "../extract/syntax.js";
import type { SourceLocation } from "../schema/types.js";

type Node = TSESTree.Node;

/** `text` is the text the tree's ranges index (ESLint's `sourceCode.text`). */
export function estreeFileSyntax(program: TSESTree.Program, text: string): FileSyntax<Node> {
  const imports: ImportSyntax[] = [];
  const variables: VariableSyntax<Node>[] = [];
  const exported = new Set<string>();
  const declare = (declaration: TSESTree.VariableDeclaration, isExported: boolean) => {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.Identifier) continue;
      variables.push({ name: declarator.id.name, nameNode: declarator.id, init: declarator.init ? toExpr(declarator.init, text) : undefined });
      if (isExported) exported.add(declarator.id.name);
    }
  };
  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration:
        imports.push(importOf(statement));
        break;
      case AST_NODE_TYPES.VariableDeclaration:
        declare(statement, false);
        break;
      case AST_NODE_TYPES.ExportNamedDeclaration:
        if (statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration) declare(statement.declaration, true);
        else if (!statement.declaration && !statement.source) for (const specifier of statement.specifiers) exported.add(nameOf(specifier.local));
        break;
      case AST_NODE_TYPES.ExportDefaultDeclaration:
        if (statement.declaration.type === AST_NODE_TYPES.Identifier) exported.add(statement.declaration.name);
        break;
      case AST_NODE_TYPES.TSExportAssignment:
        if (statement.expression.type === AST_NODE_TYPES.Identifier) exported.add(statement.expression.name);
        break;
    }
  }
  return { imports, variables, exported };
}

/** The file's syntax with its locations (1-based lines and columns, as `shown`), ready for assembleDrizzleSchema. */
export function estreeSchemaFile(program: TSESTree.Program, text: string, shown: string): SyntaxFile<Node> {
  return { syntax: estreeFileSyntax(program, text), location: (node): SourceLocation => ({ file: shown, line: node.loc.start.line, column: node.loc.start.column + 1 }) };
}

function importOf(declaration: TSESTree.ImportDeclaration): ImportSyntax {
  const result: ImportSyntax = { module: declaration.source.value, namespace: undefined, named: [] };
  for (const specifier of declaration.specifiers) {
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) result.namespace = specifier.local.name;
    else if (specifier.type === AST_NODE_TYPES.ImportSpecifier) result.named.push({ imported: nameOf(specifier.imported), local: specifier.local.name });
  }
  return result;
}

function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : node.value;
}

function toExpr(input: Node, text: string): Expr<Node> {
  const node = unwrap(input);
  const source = text.slice(node.range[0], node.range[1]);
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
      return { kind: "call", node, text: source, callee: toExpr(node.callee, text), args: node.arguments.map((a) => toExpr(a, text)) };
    case AST_NODE_TYPES.MemberExpression:
      if (node.computed || node.property.type !== AST_NODE_TYPES.Identifier) break;
      return { kind: "member", node, text: source, object: toExpr(node.object, text), name: node.property.name };
    case AST_NODE_TYPES.Identifier:
      return { kind: "identifier", node, text: source, name: node.name };
    case AST_NODE_TYPES.Literal:
      if (typeof node.value === "string") return { kind: "string", node, text: source, value: node.value };
      if (typeof node.value === "number") return { kind: "number", node, text: source, value: node.value };
      if (typeof node.value === "boolean") return { kind: "boolean", node, text: source, value: node.value };
      break;
    case AST_NODE_TYPES.TemplateLiteral: {
      const quasis = node.quasis.map((q) => q.value.cooked ?? q.value.raw);
      if (node.expressions.length === 0) return { kind: "string", node, text: source, value: quasis[0] ?? "" };
      return { kind: "template", node, text: source, quasis, expressions: node.expressions.map((e) => toExpr(e, text)) };
    }
    case AST_NODE_TYPES.TaggedTemplateExpression: {
      const { quasi } = node;
      const value = quasi.expressions.length === 0 ? (quasi.quasis[0]?.value.cooked ?? undefined) : undefined;
      return { kind: "tagged", node, text: source, tag: toExpr(node.tag, text), value, inner: text.slice(quasi.range[0] + 1, quasi.range[1] - 1) };
    }
    case AST_NODE_TYPES.ObjectExpression:
      return { kind: "object", node, text: source, properties: node.properties.map((p) => toProperty(p, text)) };
    case AST_NODE_TYPES.ArrayExpression:
      return { kind: "array", node, text: source, elements: node.elements.map((e) => (e ? toExpr(e, text) : { kind: "other", node, text: "" })) };
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.FunctionExpression:
      return toFunction(node, text);
  }
  return { kind: "other", node, text: source };
}

/** Type-only wrappers and optional chains say nothing about the value (ESTree keeps no parentheses). */
function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion ||
    current.type === AST_NODE_TYPES.ChainExpression
  ) {
    current = current.expression;
  }
  return current;
}

function toProperty(property: TSESTree.ObjectLiteralElement, text: string): PropertySyntax<Node> {
  if (property.type === AST_NODE_TYPES.SpreadElement) return { kind: "spread", node: property, key: undefined, keyNode: property, value: toExpr(property.argument, text) };
  const key = propertyKey(property, text);
  if (property.kind !== "init") return { kind: "other", node: property, key, keyNode: property.key, value: undefined };
  const kind = property.method ? "method" : property.shorthand ? "shorthand" : "init";
  return { kind, node: property, key, keyNode: property.key, value: toExpr(property.value, text) };
}

function propertyKey(property: TSESTree.Property, text: string): string {
  const { key } = property;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === "string" || typeof key.value === "number")) return String(key.value);
  return text.slice(key.range[0], key.range[1]);
}

function toFunction(node: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, text: string): FunctionExpr<Node> {
  const params = node.params.map((p) => (p.type === AST_NODE_TYPES.Identifier ? p.name : undefined));
  const source = text.slice(node.range[0], node.range[1]);
  if (node.body.type !== AST_NODE_TYPES.BlockStatement) return { kind: "function", node, text: source, params, body: toExpr(node.body, text), returns: [] };
  const returns: Expr<Node>[] = [];
  for (const statement of descendants(node.body)) if (statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument) returns.push(toExpr(statement.argument, text));
  return { kind: "function", node, text: source, params, body: undefined, returns };
}

/** Every node under `root`, in source order (parents before children). */
function* descendants(root: Node): Generator<Node> {
  for (const [key, value] of Object.entries(root)) {
    if (key === "parent" || key === "loc" || key === "range") continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === "object" && typeof (child as { type?: unknown }).type === "string") {
        yield child as Node;
        yield* descendants(child as Node);
      }
    }
  }
}
