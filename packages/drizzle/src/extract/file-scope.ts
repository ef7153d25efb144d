// What the names of one schema file stand for: pg-core's builders (as imported, possibly renamed),
// enums, pgSchema(...) objects, pgTableCreator(...) functions, and names imported from other files.
import type { DrizzleEnum, SourceLocation } from "../schema/types.js";
import type { TsMorph } from "./load-ts-morph.js";

type Node = TsMorph.Node;

export interface FileScope {
  file: TsMorph.SourceFile;
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

export function buildScope(m: typeof TsMorph, file: TsMorph.SourceFile, location: (node: Node) => SourceLocation): FileScope {
  const scope: FileScope = { file, pgCore: new Map(), pgCoreNamespaces: new Set(), imported: new Map(), enums: new Map(), schemas: new Map(), tableCreators: new Map(), customTypes: new Map() };
  for (const declaration of file.getImportDeclarations()) {
    const pgCore = isPgCoreModule(declaration.getModuleSpecifierValue());
    const namespace = declaration.getNamespaceImport();
    if (namespace && pgCore) scope.pgCoreNamespaces.add(namespace.getText());
    for (const specifier of declaration.getNamedImports()) {
      const local = specifier.getAliasNode()?.getText() ?? specifier.getName();
      (pgCore ? scope.pgCore : scope.imported).set(local, specifier.getName());
    }
  }
  for (const declaration of file.getVariableDeclarations()) {
    const init = declaration.getInitializer();
    if (!init || !m.Node.isCallExpression(init)) continue;
    const name = declaration.getName();
    const callee = init.getExpression();
    const args = init.getArguments();
    const builder = pgCoreName(m, scope, callee);
    if (builder === "pgEnum" || (m.Node.isPropertyAccessExpression(callee) && callee.getName() === "enum" && scope.schemas.has(callee.getExpression().getText()))) {
      const schema = m.Node.isPropertyAccessExpression(callee) ? scope.schemas.get(callee.getExpression().getText())! : "public";
      const values = args[1] && m.Node.isArrayLiteralExpression(args[1]) ? args[1].getElements().flatMap((e) => (m.Node.isStringLiteral(e) || m.Node.isNoSubstitutionTemplateLiteral(e) ? [e.getLiteralText()] : [])) : [];
      const enumName = args[0] && m.Node.isStringLiteral(args[0]) ? args[0].getLiteralText() : name;
      scope.enums.set(name, { schema, name: enumName, values, location: location(declaration.getNameNode()) });
    } else if (builder === "pgSchema" && args[0] && m.Node.isStringLiteral(args[0])) {
      scope.schemas.set(name, args[0].getLiteralText());
    } else if (builder === "pgTableCreator" && args[0]) {
      const mapping = nameMapping(m, args[0]);
      if (mapping) scope.tableCreators.set(name, mapping);
    } else if (builder === "customType") {
      scope.customTypes.set(name, customDataType(m, args[0]));
    }
  }
  return scope;
}

/** The pg-core export a callee names (`text`, `p.text`), or undefined. */
export function pgCoreName(m: typeof TsMorph, scope: FileScope, callee: Node): string | undefined {
  if (m.Node.isIdentifier(callee)) return scope.pgCore.get(callee.getText());
  if (m.Node.isPropertyAccessExpression(callee) && scope.pgCoreNamespaces.has(callee.getExpression().getText())) return callee.getName();
  return undefined;
}

/** `(name) => \`prefix_${name}\``: the mapping, when it is that simple. */
function nameMapping(m: typeof TsMorph, node: Node): ((name: string) => string) | undefined {
  if (!m.Node.isArrowFunction(node) && !m.Node.isFunctionExpression(node)) return undefined;
  const param = node.getParameters()[0]?.getName();
  let body: Node | undefined = node.getBody();
  if (m.Node.isBlock(body)) body = body.getStatements().find((s) => m.Node.isReturnStatement(s))?.getChildAtIndex(1);
  if (!param || !body || !m.Node.isTemplateExpression(body)) return undefined;
  const spans = body.getTemplateSpans();
  if (spans.length !== 1 || spans[0]!.getExpression().getText() !== param) return undefined;
  const head = body.getHead().getLiteralText();
  const tail = spans[0]!.getLiteral().getLiteralText();
  return (name) => `${head}${name}${tail}`;
}

/** `customType({ dataType() { return "citext"; } })`: the returned string literal. */
function customDataType(m: typeof TsMorph, config: Node | undefined): string | undefined {
  if (!config || !m.Node.isObjectLiteralExpression(config)) return undefined;
  const member = config.getProperty("dataType");
  let body: Node | undefined;
  if (member && m.Node.isMethodDeclaration(member)) body = member.getBody();
  else if (member && m.Node.isPropertyAssignment(member)) {
    const init = member.getInitializer();
    if (init && (m.Node.isArrowFunction(init) || m.Node.isFunctionExpression(init))) body = init.getBody();
  }
  if (!body) return undefined;
  if (m.Node.isStringLiteral(body) || m.Node.isNoSubstitutionTemplateLiteral(body)) return body.getLiteralText();
  const returned = body.getDescendantsOfKind(m.SyntaxKind.ReturnStatement).map((r) => r.getExpression());
  const only = returned.length === 1 ? returned[0] : undefined;
  return only && (m.Node.isStringLiteral(only) || m.Node.isNoSubstitutionTemplateLiteral(only)) ? only.getLiteralText() : undefined;
}
