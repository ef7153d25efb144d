// The ts-morph front end: a parsed schema file as the extractor's syntax (syntax.ts). Only what the
// extractor reads is converted: imports, exports, and the top-level variables with their initializers.
import type { TsMorph } from "./load-ts-morph.js";
import type { Expr, FileSyntax, FunctionExpr, PropertySyntax, VariableSyntax } from "./syntax.js";

type Node = TsMorph.Node;
type M = typeof TsMorph;

export function tsMorphFileSyntax(m: M, file: TsMorph.SourceFile): FileSyntax<Node> {
  const imports = file.getImportDeclarations().map((declaration) => ({
    module: declaration.getModuleSpecifierValue(),
    namespace: declaration.getNamespaceImport()?.getText(),
    named: declaration.getNamedImports().map((specifier) => ({ imported: specifier.getName(), local: specifier.getAliasNode()?.getText() ?? specifier.getName() })),
  }));
  const variables: VariableSyntax<Node>[] = [];
  const exported = new Set<string>();
  for (const declaration of file.getVariableDeclarations()) {
    const nameNode = declaration.getNameNode();
    if (!m.Node.isIdentifier(nameNode)) continue;
    const init = declaration.getInitializer();
    variables.push({ name: nameNode.getText(), nameNode, init: init ? toExpr(m, init) : undefined });
    if (declaration.isExported()) exported.add(nameNode.getText());
  }
  for (const declaration of file.getExportDeclarations()) {
    if (declaration.getModuleSpecifier()) continue;
    for (const specifier of declaration.getNamedExports()) exported.add(specifier.getName());
  }
  for (const assignment of file.getExportAssignments()) {
    const expression = assignment.getExpression();
    if (m.Node.isIdentifier(expression)) exported.add(expression.getText());
  }
  return { imports, variables, exported };
}

function toExpr(m: M, input: Node): Expr<Node> {
  const node = unwrap(m, input);
  const text = node.getText();
  if (m.Node.isCallExpression(node)) return { kind: "call", node, text, callee: toExpr(m, node.getExpression()), args: node.getArguments().map((a) => toExpr(m, a)) };
  if (m.Node.isPropertyAccessExpression(node)) return { kind: "member", node, text, object: toExpr(m, node.getExpression()), name: node.getName() };
  if (m.Node.isIdentifier(node)) return { kind: "identifier", node, text, name: text };
  if (m.Node.isStringLiteral(node) || m.Node.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", node, text, value: node.getLiteralText() };
  if (m.Node.isNumericLiteral(node)) return { kind: "number", node, text, value: Number(node.getLiteralValue()) };
  if (m.Node.isTrueLiteral(node) || m.Node.isFalseLiteral(node)) return { kind: "boolean", node, text, value: m.Node.isTrueLiteral(node) };
  if (m.Node.isObjectLiteralExpression(node)) return { kind: "object", node, text, properties: node.getProperties().map((p) => toProperty(m, p)) };
  if (m.Node.isArrayLiteralExpression(node)) return { kind: "array", node, text, elements: node.getElements().map((e) => toExpr(m, e)) };
  if (m.Node.isArrowFunction(node) || m.Node.isFunctionExpression(node)) return toFunction(m, node);
  if (m.Node.isTemplateExpression(node)) {
    const spans = node.getTemplateSpans();
    return { kind: "template", node, text, quasis: [node.getHead().getLiteralText(), ...spans.map((s) => s.getLiteral().getLiteralText())], expressions: spans.map((s) => toExpr(m, s.getExpression())) };
  }
  if (m.Node.isTaggedTemplateExpression(node)) {
    const template = node.getTemplate();
    const value = m.Node.isNoSubstitutionTemplateLiteral(template) ? template.getLiteralText() : undefined;
    return { kind: "tagged", node, text, tag: toExpr(m, node.getTag()), value, inner: template.getText().slice(1, -1) };
  }
  return { kind: "other", node, text };
}

/** Parentheses and type-only wrappers say nothing about the value. */
function unwrap(m: M, node: Node): Node {
  let current = node;
  while (m.Node.isParenthesizedExpression(current) || m.Node.isAsExpression(current) || m.Node.isSatisfiesExpression(current) || m.Node.isNonNullExpression(current) || m.Node.isTypeAssertion(current)) {
    current = current.getExpression();
  }
  return current;
}

function toProperty(m: M, property: Node): PropertySyntax<Node> {
  const key = (name: string) => name.replace(/^["']|["']$/g, "");
  if (m.Node.isPropertyAssignment(property)) {
    const init = property.getInitializer();
    return { kind: "init", node: property, key: key(property.getName()), keyNode: property.getNameNode(), value: init ? toExpr(m, init) : undefined };
  }
  if (m.Node.isShorthandPropertyAssignment(property)) {
    return { kind: "shorthand", node: property, key: property.getName(), keyNode: property.getNameNode(), value: toExpr(m, property.getNameNode()) };
  }
  if (m.Node.isMethodDeclaration(property)) {
    return { kind: "method", node: property, key: key(property.getName()), keyNode: property.getNameNode(), value: toFunction(m, property) };
  }
  if (m.Node.isSpreadAssignment(property)) {
    return { kind: "spread", node: property, key: undefined, keyNode: property, value: toExpr(m, property.getExpression()) };
  }
  return { kind: "other", node: property, key: undefined, keyNode: property, value: undefined };
}

function toFunction(m: M, node: TsMorph.ArrowFunction | TsMorph.FunctionExpression | TsMorph.MethodDeclaration): FunctionExpr<Node> {
  const params = node.getParameters().map((p) => {
    const name = p.getNameNode();
    return m.Node.isIdentifier(name) ? name.getText() : undefined;
  });
  const body = node.getBody();
  if (body && !m.Node.isBlock(body)) return { kind: "function", node, text: node.getText(), params, body: toExpr(m, body), returns: [] };
  const returns = (body?.getDescendantsOfKind(m.SyntaxKind.ReturnStatement) ?? []).flatMap((r) => {
    const expression = r.getExpression();
    return expression ? [toExpr(m, expression)] : [];
  });
  return { kind: "function", node, text: node.getText(), params, body: undefined, returns };
}
