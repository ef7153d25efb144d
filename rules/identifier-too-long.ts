import type { AlterTableStmt, ColumnDef, CompositeTypeStmt, Constraint, CreateDomainStmt, CreateEnumStmt, CreateSeqStmt, CreateStmt, CreateTableAsStmt, IndexStmt, Node, RenameStmt, ViewStmt } from "@pgsql/types";
import { defineRule, quoteIdent, stringValue, type RuleReport } from "@rollsafe/core";
import { statementTokens, type Statement } from "@rollsafe/parser";

/** NAMEDATALEN - 1: PostgreSQL keeps the first 63 bytes of a longer identifier (with only a NOTICE). */
const MAX_BYTES = 63;

export default defineRule(import.meta.url, {
  meta: {
    description: "A name longer than 63 bytes is silently truncated by PostgreSQL, so the object gets another name than the migration says, and two long names can end up the same.",
    category: "integrity",
    severity: "error",
    equivalents: { squawk: ["identifier-too-long"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["CreateStmt", "IndexStmt", "AlterTableStmt", "RenameStmt", "CreateEnumStmt", "CompositeTypeStmt", "CreateDomainStmt", "CreateSeqStmt", "ViewStmt", "CreateTableAsStmt", "CreatePolicyStmt", "CreateTrigStmt"],
    messages: {
      truncated: 'The name "{{name}}" is {{bytes}} bytes long; PostgreSQL keeps 63 and calls it "{{truncated}}", which the code and later migrations do not expect.',
      collides: 'The names "{{name}}" and "{{other}}" are both over 63 bytes and both become "{{truncated}}": the second one fails or refers to the first.',
    },
  },
  check(statement, context) {
    const defined = definedNames(statement.node);
    // The parser hands names over already truncated: only a name of 60+ bytes can have been longer.
    // (A name of fewer than 16 characters cannot reach 60 bytes: skip the count for those.)
    if (!defined.some((name) => name.length >= 15 && bytes(name) >= MAX_BYTES - 3)) return [];
    const long = longIdentifiers(statement);
    const seen = new Map<string, string>();
    return long.flatMap((token): RuleReport<"truncated" | "collides">[] => {
      if (!defined.includes(token.truncated)) return [];
      const range = context.source.range(token.start, token.end);
      const other = seen.get(token.truncated);
      seen.set(token.truncated, token.name);
      const base = statement.range.start.offset;
      const rewritten = statement.text.slice(0, token.start - base) + quoteIdent(shorten(token.name)) + statement.text.slice(token.end - base);
      const saferAlternative = `-- A name of at most 63 bytes, chosen by you rather than cut by PostgreSQL, e.g.:\n${rewritten};`;
      if (other !== undefined && other !== token.name) {
        return [{ messageId: "collides" as const, data: { name: token.name, other, truncated: token.truncated }, range, saferAlternative }];
      }
      return [{ messageId: "truncated" as const, data: { name: token.name, bytes: String(bytes(token.name)), truncated: token.truncated }, range, saferAlternative }];
    });
  },
});

// Buffer.byteLength counts without allocating (TextEncoder.encode built an array for every name).
const bytes = (name: string) => Buffer.byteLength(name, "utf8");

/** The first 63 bytes of a name, not cutting a character in two (PostgreSQL's pg_mbcliplen). */
function truncate(name: string): string {
  let out = "";
  for (const char of name) {
    if (bytes(out + char) > MAX_BYTES) break;
    out += char;
  }
  return out;
}

/** A shorter name for the suggestion: the first 55 bytes and a hash-like suffix of the rest. */
function shorten(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  let head = "";
  for (const char of name) {
    if (bytes(head + char) > MAX_BYTES - 9) break;
    head += char;
  }
  return `${head}_${hash.toString(36).slice(0, 7)}`;
}

interface LongIdentifier {
  /** The name as PostgreSQL reads it (unquoted names lower-cased). */
  name: string;
  truncated: string;
  /** UTF-16 offsets in the file. */
  start: number;
  end: number;
}

/** The identifiers of the statement's text that are over 63 bytes, in order. */
function longIdentifiers(statement: Statement): LongIdentifier[] {
  return statementTokens(statement).flatMap((token) => {
    if (token.tokenName !== "IDENT") return [];
    const name = token.text.startsWith('"') ? token.text.slice(1, -1).replace(/""/g, '"') : token.text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
    if (bytes(name) <= MAX_BYTES) return [];
    return [{ name, truncated: truncate(name), start: token.startOffset, end: token.endOffset }];
  });
}

/** The names a statement gives to new objects (tables, columns, constraints, indexes, types, renames). */
function definedNames(node: Node): string[] {
  const n = node as {
    CreateStmt?: CreateStmt;
    IndexStmt?: IndexStmt;
    AlterTableStmt?: AlterTableStmt;
    RenameStmt?: RenameStmt;
    CreateEnumStmt?: CreateEnumStmt;
    CompositeTypeStmt?: CompositeTypeStmt;
    CreateDomainStmt?: CreateDomainStmt;
    CreateSeqStmt?: CreateSeqStmt;
    ViewStmt?: ViewStmt;
    CreateTableAsStmt?: CreateTableAsStmt;
    CreatePolicyStmt?: { policy_name?: string };
    CreateTrigStmt?: { trigname?: string };
  };
  const names: (string | undefined)[] = [];
  const constraint = (c: Constraint | undefined) => names.push(c?.conname);
  const column = (def: ColumnDef | undefined) => {
    names.push(def?.colname);
    for (const c of def?.constraints ?? []) if ("Constraint" in c) constraint(c.Constraint);
  };
  if (n.CreateStmt) {
    names.push(n.CreateStmt.relation?.relname);
    for (const element of n.CreateStmt.tableElts ?? []) {
      if ("ColumnDef" in element) column(element.ColumnDef);
      if ("Constraint" in element) constraint(element.Constraint);
    }
  }
  names.push(n.IndexStmt?.idxname, n.RenameStmt?.newname, n.CreateSeqStmt?.sequence?.relname, n.ViewStmt?.view?.relname, n.CreateTableAsStmt?.into?.rel?.relname);
  names.push(n.CompositeTypeStmt?.typevar?.relname, n.CreatePolicyStmt?.policy_name, n.CreateTrigStmt?.trigname);
  for (const element of n.CompositeTypeStmt?.coldeflist ?? []) if ("ColumnDef" in element) column(element.ColumnDef);
  names.push(stringValue(n.CreateEnumStmt?.typeName?.at(-1)), stringValue(n.CreateDomainStmt?.domainname?.at(-1)));
  for (const item of n.AlterTableStmt?.cmds ?? []) {
    if (!("AlterTableCmd" in item)) continue;
    const def = item.AlterTableCmd.def;
    if (def && "ColumnDef" in def && item.AlterTableCmd.subtype === "AT_AddColumn") column(def.ColumnDef);
    if (def && "Constraint" in def && item.AlterTableCmd.subtype === "AT_AddConstraint") constraint(def.Constraint);
  }
  return names.filter((name): name is string => name !== undefined && name !== "");
}
