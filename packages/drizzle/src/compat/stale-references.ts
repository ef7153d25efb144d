// Where the current code still uses a table or column that a new migration drops: then the deploy itself
// breaks, before any rollback question. TypeScript's find-references misses two of drizzle's forms
// (`insert(t).values({ col })` keys and relational `columns: { col: true }`: their properties are declared
// by mapped types, or in the literal itself), so this is a scan of the identifiers named like a target,
// each one confirmed through the type checker: the receiver (or the `insert(...)`/`update(...)` argument)
// must resolve to the table's declaration in a schema file, or its type must be that table's.
import { isAbsolute, relative, resolve } from "node:path";
import { loadTsMorph, type TsMorph } from "../extract/load-ts-morph.js";
import type { StaleReference } from "./types.js";

/** A dropped table (no column) or column, with the names the code uses for it. */
export interface DroppedTarget {
  /** `schema.table`. */
  table: string;
  /** The table's exported name in the schema file (`users`): what `db.query.users` and imports use. */
  tsTable: string;
  /** The column's SQL name and its property key in the schema file. */
  column?: string;
  key?: string;
}

export interface StaleReferenceInput {
  /** The project's tsconfig.json; without one, `files` are read as a project of their own. */
  tsconfig?: string;
  files?: string[];
  /** The schema files (absolute): tables are declared there, and they are not reported. */
  schemaFiles: string[];
  targets: DroppedTarget[];
  cwd: string;
  /**
   * Follow types inferred through drizzle-orm (`rows.map((r) => r.legacyName)` on a select's rows): the
   * program then loads drizzle-orm's declarations, which costs seconds. Without it, only the project's own
   * files are loaded and names are resolved through its imports (enough for every form whose table is
   * named in the code, which is all of them once the schema file no longer declares the column).
   */
  inferTypes?: boolean;
}

type Node = TsMorph.Node;

export function findStaleReferences(input: StaleReferenceInput): StaleReference[] {
  if (input.targets.length === 0) return [];
  const m = loadTsMorph();
  // noResolve and noLib: the program holds the project's own files, not what they import from node_modules, nor the default library.
  const compilerOptions = input.inferTypes ? {} : { noResolve: true, noLib: true, types: [] };
  const project = input.tsconfig
    ? new m.Project({ tsConfigFilePath: input.tsconfig, skipFileDependencyResolution: !input.inferTypes, compilerOptions })
    : new m.Project({ skipFileDependencyResolution: !input.inferTypes, compilerOptions: { allowJs: true, strict: true, target: m.ts.ScriptTarget.ES2022, module: m.ts.ModuleKind.NodeNext, moduleResolution: m.ts.ModuleResolutionKind.NodeNext, ...compilerOptions } });
  for (const file of [...(input.files ?? []), ...input.schemaFiles]) project.addSourceFileAtPathIfExists(file);
  const schemaFiles = new Set(input.schemaFiles.map((f) => resolve(f)));
  // A dropped table is looked for by its name, a dropped column by its key.
  const words = new Set(input.targets.map((t) => (t.column === undefined ? t.tsTable : t.key!)));
  const found: StaleReference[] = [];
  for (const file of project.getSourceFiles()) {
    const path = file.getFilePath();
    if (schemaFiles.has(resolve(path)) || file.isDeclarationFile() || path.includes("/node_modules/")) continue;
    const text = file.getFullText();
    if (![...words].some((w) => text.includes(w))) continue;
    const scan = new Scan(m, input, schemaFiles, file);
    file.forEachDescendant((node) => {
      if (m.Node.isIdentifier(node) && words.has(node.getText())) scan.identifier(node, found);
    });
  }
  return found;
}

class Scan {
  constructor(
    private readonly m: typeof TsMorph,
    private readonly input: StaleReferenceInput,
    private readonly schemaFiles: Set<string>,
    private readonly file: TsMorph.SourceFile,
  ) {}

  identifier(node: TsMorph.Identifier, found: StaleReference[]): void {
    const { m } = this;
    const name = node.getText();
    const parent = node.getParent();
    for (const target of this.input.targets) {
      if (target.column === undefined) {
        // A dropped table: any reference to its declaration.
        if (name === target.tsTable && !m.Node.isImportSpecifier(parent) && this.isTable(node, target)) found.push(this.report(node, "table", target));
        continue;
      }
      if (name !== target.key) continue;
      if (m.Node.isPropertyAccessExpression(parent) && parent.getNameNode() === node) {
        if (this.isTable(parent.getExpression(), target) || (this.input.inferTypes && this.declaredAsColumn(node, target))) found.push(this.report(node, "property-access", target));
      } else if ((m.Node.isPropertyAssignment(parent) || m.Node.isShorthandPropertyAssignment(parent)) && parent.getNameNode() === node) {
        const form = this.objectKeyForm(parent.getParentOrThrow(), target);
        if (form) found.push(this.report(node, form, target));
      }
    }
  }

  /** The object literal holding the key: `insert(T).values({...})`, `update(T).set({...})`, or `query.<t>.findMany({ columns: {...} })`. */
  private objectKeyForm(object: Node, target: DroppedTarget): StaleReference["form"] | undefined {
    const { m } = this;
    let holder: Node | undefined = object.getParent();
    if (holder && m.Node.isArrayLiteralExpression(holder)) holder = holder.getParent();
    if (holder && m.Node.isCallExpression(holder)) {
      const callee = holder.getExpression();
      if (!m.Node.isPropertyAccessExpression(callee)) return undefined;
      const method = callee.getName();
      if (method !== "values" && method !== "set") return undefined;
      const receiver = callee.getExpression();
      const builder = this.builderCall(receiver, method === "values" ? "insert" : "update");
      const table = builder?.getArguments()[0];
      if ((table && this.isTable(table, target)) || this.typeNamesTable(receiver, target)) return method === "values" ? "insert-values" : "update-set";
      return undefined;
    }
    // `columns: { key: true }` inside the options of db.query.<table>.findMany / findFirst.
    if (holder && m.Node.isPropertyAssignment(holder) && holder.getName() === "columns") {
      const options = holder.getParent();
      const call = options?.getParent();
      if (!call || !m.Node.isCallExpression(call)) return undefined;
      const callee = call.getExpression();
      if (!m.Node.isPropertyAccessExpression(callee) || !["findMany", "findFirst"].includes(callee.getName())) return undefined;
      const query = callee.getExpression();
      if (m.Node.isPropertyAccessExpression(query) && query.getName() === target.tsTable && /\bquery$/.test(query.getExpression().getText())) return "query-columns";
    }
    return undefined;
  }

  /** Down the method chain from `.values`/`.set` to the `insert(...)` / `update(...)` call. */
  private builderCall(node: Node, name: string): TsMorph.CallExpression | undefined {
    const { m } = this;
    let current: Node | undefined = node;
    while (current && m.Node.isCallExpression(current)) {
      const callee = current.getExpression();
      if (!m.Node.isPropertyAccessExpression(callee)) return undefined;
      if (callee.getName() === name) return current;
      current = callee.getExpression();
    }
    return undefined;
  }

  /** Whether the expression is the table: its symbol (through imports) is the table's declaration in a schema file. */
  private isTable(expression: Node, target: DroppedTarget): boolean {
    const { m } = this;
    const nameNode = m.Node.isPropertyAccessExpression(expression) ? expression.getNameNode() : expression;
    let symbol = nameNode.getSymbol();
    if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
    for (const declaration of symbol?.getDeclarations() ?? []) {
      if (m.Node.isVariableDeclaration(declaration) && declaration.getName() === target.tsTable && this.schemaFiles.has(resolve(declaration.getSourceFile().getFilePath()))) return true;
    }
    return this.typeNamesTable(expression, target);
  }

  /**
   * The type checker's view, when drizzle-orm's types are loaded: the expression's type is drizzle's table
   * type (or a builder over it) for this table (`db.insert(tables[kind])`, a helper returning the table).
   */
  private typeNamesTable(expression: Node, target: DroppedTarget): boolean {
    if (!this.input.inferTypes) return false;
    const name = target.table.slice(target.table.indexOf(".") + 1);
    const text = expression.getType().getText(undefined, this.m.ts.TypeFormatFlags.NoTruncation);
    return text.includes("PgTableWithColumns<{ name: ") && text.includes(`name: "${name}"`);
  }

  /** A property whose declaration is the column's entry in the table's pgTable(...) columns (row types inferred from the table). */
  private declaredAsColumn(node: TsMorph.Identifier, target: DroppedTarget): boolean {
    const { m } = this;
    for (const declaration of node.getSymbol()?.getDeclarations() ?? []) {
      if (!m.Node.isPropertyAssignment(declaration) || !this.schemaFiles.has(resolve(declaration.getSourceFile().getFilePath()))) continue;
      const table = declaration.getFirstAncestorByKind(m.SyntaxKind.VariableDeclaration);
      if (table?.getName() === target.tsTable) return true;
    }
    return false;
  }

  private report(node: Node, form: StaleReference["form"], target: DroppedTarget): StaleReference {
    const { line, column } = this.file.getLineAndColumnAtPos(node.getStart());
    const path = this.file.getFilePath();
    const shown = isAbsolute(path) ? relative(this.input.cwd, path) || path : path;
    const text = this.file.getFullText().split(/\r?\n/)[line - 1]?.trim() ?? "";
    return { location: { file: shown, line, column }, form, table: target.table, ...(target.column ? { column: target.column } : {}), text };
  }
}
