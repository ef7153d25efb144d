// What the next `drizzle-kit generate` will do, for the schema file being linted, computed once per lint
// and shared by the five Drizzle rules. The file's ESTree (ESLint's own tree: no second parse) and the
// project's other schema files go through @rollsafe/drizzle's extractor and its diff against the latest
// snapshot, exactly as `rollsafe drizzle diff` does; this module only finds where in the file each change
// belongs, and which rule reports it.
import { resolve } from "node:path";
import { assembleDrizzleSchema, diffDrizzleSchemas, isPgCoreModule, tableKey, type DrizzleChange, type DrizzleSchema, type SourceLocation, type SyntaxFile, type VariableSyntax } from "@rollsafe/drizzle";
import { estreeSchemaFile } from "@rollsafe/drizzle/estree";
import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/types";
import { DrizzleProjects, type DrizzleProject } from "./drizzle-projects.js";

/** One per process, like the SQL side's folders: the editor's ESLint server keeps it warm. */
const projects = new DrizzleProjects();

/** A change's danger, as one ESLint report: which catalogue rule it is, where, and what to say. */
export interface DrizzleReport {
  /** The catalogue rule the danger names (`dropping-column`): each Drizzle rule reports one of them. */
  dangerRule: string;
  change: DrizzleChange;
  loc: TSESTree.SourceLocation;
}

export interface SchemaAnalysis {
  reports: DrizzleReport[];
  /** Why the file could not be compared (drizzle.config, journal, snapshot or another schema file): reported once, at 1:1. */
  problem: string | undefined;
  /** Whether a rule has reported `problem` already (the first rule that runs does). */
  problemReported: boolean;
}

const NOTHING: SchemaAnalysis = { reports: [], problem: undefined, problemReported: true };

/** Per lint: ESLint hands every rule the same tree. */
const analyses = new WeakMap<TSESTree.Program, SchemaAnalysis>();

/** What a rule's context says about the file being linted. */
export interface LintedFile {
  sourceCode: { ast: TSESTree.Program; text: string };
  physicalFilename: string;
  cwd: string;
}

export function schemaAnalysis(context: LintedFile): SchemaAnalysis {
  const program = context.sourceCode.ast;
  let analysis = analyses.get(program);
  if (!analysis) {
    analysis = analyse(program, context.sourceCode.text, resolve(context.cwd, context.physicalFilename), context.cwd);
    analyses.set(program, analysis);
  }
  return analysis;
}

function analyse(program: TSESTree.Program, text: string, file: string, cwd: string): SchemaAnalysis {
  // Flat config cannot select files by their imports: a file that does not import pg-core is not a schema file.
  const pgCoreImport = program.body.find((s): s is TSESTree.ImportDeclaration => s.type === AST_NODE_TYPES.ImportDeclaration && isPgCoreModule(s.source.value));
  if (!pgCoreImport) return NOTHING;
  const lookup = projects.projectOf(file, cwd);
  if (!lookup) return NOTHING;
  if (lookup.error !== undefined) return { reports: [], problem: lookup.error, problemReported: false };
  const { project } = lookup;
  // Only the files drizzle-kit reads are compared with its snapshot; before the first generate there is nothing to compare.
  if (!project.snapshot || !project.schemaFiles.includes(file)) return NOTHING;

  const nodes = new Map<string, TSESTree.Node>();
  const own = estreeSchemaFile(program, text, file);
  const linted: SyntaxFile<TSESTree.Node> = {
    syntax: own.syntax,
    location(node) {
      const location = own.location(node);
      nodes.set(key(location), node);
      return location;
    },
  };
  const files: SyntaxFile<TSESTree.Node>[] = [];
  for (const path of project.schemaFiles) {
    if (path === file) {
      files.push(linted);
      continue;
    }
    const other = projects.schemaFile(path, cwd);
    if (other.error !== undefined) return { reports: [], problem: `${other.error} (rollsafe compares all the schema files with the snapshot at once)`, problemReported: false };
    files.push(other.file);
  }
  const after = assembleDrizzleSchema(files, { casing: project.config.casing }).schema;
  const diff = diffDrizzleSchemas(project.snapshot, after);
  const place = placer(pgCoreImport, own.syntax.variables, nodes, file, removedTableOwner(project, after, file, cwd));
  const reports: DrizzleReport[] = [];
  for (const change of diff.changes) {
    if (change.dangers.length === 0) continue;
    const loc = place(change, after);
    if (!loc) continue;
    for (const dangerRule of new Set(change.dangers.map((d) => d.rule))) reports.push({ dangerRule, change, loc });
  }
  return { reports, problem: undefined, problemReported: true };
}

function key(location: Pick<SourceLocation, "line" | "column">): string {
  return `${location.line}:${location.column}`;
}

/**
 * Whether this file reports a table the schema files no longer declare. A removed table has no node
 * left, and the snapshot does not say which file declared it: the file whose saved version still
 * declares it reports it (the one being edited), else the first schema file (in name order) that
 * declares a table (with no table left anywhere, the linted one). So each removed table is reported by
 * one file of the project.
 */
function removedTableOwner(project: DrizzleProject, after: DrizzleSchema, file: string, cwd: string): (table: string) => boolean {
  let owns: ((table: string) => boolean) | undefined;
  // Worked out on the first removed table only: most lints have none.
  return (table) => {
    if (!owns) {
      const saved = projects.schemaFile(file, cwd).file;
      const savedTables = new Set(saved ? assembleDrizzleSchema([saved]).schema.tables.map(tableKey) : []);
      const declaring = new Set(after.tables.map((t) => t.location?.file));
      const first = project.schemaFiles.find((path) => declaring.has(path)) ?? file;
      owns = (key) => savedTables.has(key) || first === file;
    }
    return owns(table);
  };
}

/** Where in the linted file a change is reported, or undefined when it belongs to another file. */
function placer(pgCoreImport: TSESTree.ImportDeclaration, variables: readonly VariableSyntax<TSESTree.Node>[], nodes: Map<string, TSESTree.Node>, file: string, ownsRemovedTable: (table: string) => boolean) {
  const calls = new Map(variables.map((v) => [v.nameNode, v.init?.node]));
  const at = (location: SourceLocation | undefined) => (location && location.file === file ? nodes.get(key(location)) : undefined);
  return (change: DrizzleChange, after: DrizzleSchema): TSESTree.SourceLocation | undefined => {
    switch (change.kind) {
      case "drop-table":
        // No node is left for the table: the file's import of drizzle-orm/pg-core stands for it.
        return ownsRemovedTable(change.table!) ? pgCoreImport.source.loc : undefined;
      case "drop-column": {
        // No node is left for the column: the table's `pgTable("name"` stands for it.
        const declared = at(after.tables.find((t) => tableKey(t) === change.table)?.location);
        const call = declared && calls.get(declared);
        if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
        const end = call.arguments[0] ?? call.callee;
        return { start: call.callee.loc.start, end: end.loc.end };
      }
      default:
        return at(change.after)?.loc;
    }
  };
}
