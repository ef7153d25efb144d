// The column definitions a statement writes (CREATE TABLE, ALTER TABLE ADD COLUMN, ALTER COLUMN TYPE),
// with where each one's type is spelled, so hygiene rules can point at it and rewrite it.
import type { AlterTableStmt, ColumnDef, CreateStmt, TypeName } from "@pgsql/types";
import { nameOfRangeVar, stringValue, type QualifiedName, type RuleContext } from "@rollsafe/core";
import { IDENTIFIER_PATTERN, type Range, type Statement } from "@rollsafe/parser";

export interface ColumnSite {
  column: string;
  typeName: TypeName;
  def: ColumnDef;
  table: QualifiedName | undefined;
  /** ALTER COLUMN ... TYPE (no column constraints can follow the type). */
  alterType: boolean;
  /** From the column's name (or its type, for ALTER COLUMN TYPE) to the end of its type. */
  range: Range;
  /** The type's spelling in the statement's text, as offsets into `statement.text`. */
  typeStart: number;
  typeEnd: number;
}

// A type as written: a (qualified) name, `varying`, modifiers, `with[out] time zone`, array brackets.
const WORD = IDENTIFIER_PATTERN;
const TYPE_TEXT = new RegExp(
  String.raw`^${WORD}(?:\s*\.\s*${WORD})?(?:\s+varying)?(?:\s*\([^()]*\))?(?:\s+(?:with|without)\s+time\s+zone)?(?:\s*\[\s*\d*\s*\])*(?:\s+array\b(?:\s*\[\s*\d*\s*\])?)?`,
  "i",
);

const cache = new WeakMap<Statement, ColumnSite[]>();

export function columnSites(statement: Statement, context: RuleContext): ColumnSite[] {
  let sites = cache.get(statement);
  if (!sites) cache.set(statement, (sites = computeSites(statement, context)));
  return sites;
}

function computeSites(statement: Statement, context: RuleContext): ColumnSite[] {
  const node = statement.node as { CreateStmt?: CreateStmt; AlterTableStmt?: AlterTableStmt };
  const defs: { def: ColumnDef; column: string | undefined; table: QualifiedName | undefined; alterType: boolean }[] = [];
  if (node.CreateStmt) {
    const table = nameOfRangeVar(node.CreateStmt.relation);
    for (const element of node.CreateStmt.tableElts ?? []) if ("ColumnDef" in element) defs.push({ def: element.ColumnDef, column: element.ColumnDef.colname, table, alterType: false });
  }
  const alter = node.AlterTableStmt;
  if (alter && (!alter.objtype || alter.objtype === "OBJECT_TABLE")) {
    const table = nameOfRangeVar(alter.relation);
    for (const item of alter.cmds ?? []) {
      if (!("AlterTableCmd" in item)) continue;
      const { subtype, def, name } = item.AlterTableCmd;
      if (!def || !("ColumnDef" in def)) continue;
      if (subtype === "AT_AddColumn") defs.push({ def: def.ColumnDef, column: def.ColumnDef.colname, table, alterType: false });
      if (subtype === "AT_AlterColumnType") defs.push({ def: def.ColumnDef, column: name, table, alterType: true });
    }
  }
  const sites: ColumnSite[] = [];
  for (const { def, column, table, alterType } of defs) {
    const typeName = def.typeName;
    if (!typeName || !column || typeName.location === undefined || typeName.location < 0) continue;
    sites.push(new LazySite(statement, context, column, typeName, def, table, alterType));
  }
  return sites;
}

/**
 * Where a column's type is spelled is only needed for a finding: most columns pass every hygiene
 * rule, so the text is searched on first use, not for every column of every CREATE TABLE. A class (its
 * getters on the prototype), not an object literal with getters: one of these is made per column of the
 * corpus, and V8 builds literals with accessors slowly.
 */
class LazySite implements ColumnSite {
  private located: Pick<ColumnSite, "range" | "typeStart" | "typeEnd"> | undefined;

  constructor(
    private readonly statement: Statement,
    private readonly context: RuleContext,
    readonly column: string,
    readonly typeName: TypeName,
    readonly def: ColumnDef,
    readonly table: QualifiedName | undefined,
    readonly alterType: boolean,
  ) {}

  get range(): Range {
    return this.locate().range;
  }

  get typeStart(): number {
    return this.locate().typeStart;
  }

  get typeEnd(): number {
    return this.locate().typeEnd;
  }

  private locate(): Pick<ColumnSite, "range" | "typeStart" | "typeEnd"> {
    return (this.located ??= locateType(this.statement, this.context, this.def, this.typeName));
  }
}

function locateType(statement: Statement, context: RuleContext, def: ColumnDef, typeName: TypeName): Pick<ColumnSite, "range" | "typeStart" | "typeEnd"> {
  const base = statement.range.start.offset;
  const typeStart = context.source.offsetOfByte(statement.byteBase + (typeName.location ?? 0)) - base;
  const match = typeStart >= 0 ? TYPE_TEXT.exec(statement.text.slice(typeStart)) : null;
  // Where the spelling cannot be read, point at the whole statement and leave the text unchanged.
  if (!match) return { range: statement.range, typeStart: 0, typeEnd: 0 };
  const typeEnd = typeStart + match[0].length;
  const start = def.location !== undefined && def.location >= 0 ? context.source.offsetOfByte(statement.byteBase + def.location) : base + typeStart;
  return { range: context.source.range(start, base + typeEnd), typeStart, typeEnd };
}

/** The statement with the column's type spelled `type` instead. */
export function withType(statement: Statement, site: ColumnSite, type: string): string {
  return `${statement.text.slice(0, site.typeStart)}${type}${statement.text.slice(site.typeEnd)};`;
}

/** The last part of the type's name as written (`int4`, `serial`, `bpchar`, `char`, ...). */
export function rawTypeName(typeName: TypeName): string | undefined {
  return stringValue(typeName.names?.at(-1));
}

/** Whether the type name is PostgreSQL's own (unqualified or pg_catalog), not a user type of the same name. */
export function isBuiltinType(typeName: TypeName): boolean {
  const names = typeName.names ?? [];
  return names.length === 1 || stringValue(names[0]) === "pg_catalog";
}
