// The corrective forward migration that restores compatibility with the previous release, per
// breaking finding, as SQL with the statement's own names (DESIGN.md §6, roll-forward).
import type { AlterTableCmd, AlterTableStmt, Constraint, IndexStmt, RenameStmt } from "@pgsql/types";
import { alterCommandRanges, parseSqlText, type MigrationSet, type SourceText, type Statement } from "@rollsafe/parser";
import type { Finding } from "../finding.js";
import { formatColumnType } from "../model/column-type.js";
import { nameOfRangeVar, quoteIdent, quoteQualified, stringValue, type QualifiedName } from "../model/names.js";
import { replayStatement } from "../model/replay.js";
import { SchemaModel } from "../model/schema-model.js";

export interface Corrective {
  finding: Finding;
  /** The forward migration, or undefined when none restores compatibility (say a dropped table). */
  sql?: string;
  /** What the SQL does and does not restore, or why there is none. */
  note: string;
}

interface Lookup {
  statement: Statement;
  source: SourceText;
  model: SchemaModel;
  /** Which of the statement's candidate commands this is, when the commands cannot be located. */
  nth: number;
}

/**
 * The corrective migration of each breaking finding (in the findings' order). Each migration set is
 * replayed once so that a corrective knows what the schema held before the statement (the type of
 * a dropped column).
 */
export function correctiveMigrations(sets: readonly MigrationSet[], findings: readonly Finding[]): Corrective[] {
  const breaking = findings.filter((f) => f.severity !== "note" && f.categories.includes("breaking"));
  if (breaking.length === 0) return [];
  const byPath = new Map<string, Finding[]>();
  for (const f of breaking) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  const found = new Map<Finding, Corrective>();
  for (const set of sets) {
    if (!set.migrations.some((m) => byPath.has(m.path))) continue;
    const model = new SchemaModel();
    for (const migration of set.migrations) {
      const file = parseSqlText(migration.text);
      const here = byPath.get(migration.path) ?? [];
      for (const statement of file.statements) {
        const inStatement = here.filter((f) => f.range.start.offset >= statement.range.start.offset && f.range.start.offset <= statement.range.end.offset);
        const seen = new Map<string, number>();
        for (const finding of inStatement) {
          const nth = seen.get(finding.ruleId) ?? 0;
          seen.set(finding.ruleId, nth + 1);
          found.set(finding, correctiveFor(finding, { statement, source: file.source, model, nth }));
        }
        replayStatement(model, statement, "history");
      }
    }
  }
  return breaking.map((f) => found.get(f) ?? { finding: f, note: "No corrective migration is known for this change: ship a hotfix of the previous code instead." });
}

function correctiveFor(finding: Finding, at: Lookup): Corrective {
  const node = at.statement.node as { AlterTableStmt?: AlterTableStmt; RenameStmt?: RenameStmt; IndexStmt?: IndexStmt };
  const none = (note: string): Corrective => ({ finding, note });
  if (node.RenameStmt) return renameCorrective(finding, node.RenameStmt) ?? none(NO_CORRECTIVE);
  if (node.IndexStmt) {
    const index = node.IndexStmt;
    if (finding.ruleId !== "adding-unique-constraint" || !index.idxname) return none(NO_CORRECTIVE);
    const schema = index.relation?.schemaname;
    const name = schema ? `${quoteIdent(schema)}.${quoteIdent(index.idxname)}` : quoteIdent(index.idxname);
    return { finding, sql: `DROP INDEX CONCURRENTLY IF EXISTS ${name};`, note: "Drops the unique index, so the previous release's duplicate writes succeed again." };
  }
  const stmt = node.AlterTableStmt;
  const table = stmt ? nameOfRangeVar(stmt.relation) : undefined;
  if (!stmt || !table) return none(NO_CORRECTIVE);
  const cmd = pickCommand(finding, at, stmt);
  if (!cmd) return none(NO_CORRECTIVE);
  return alterCorrective(finding, cmd, table, at.model) ?? none(NO_CORRECTIVE);
}

const NO_CORRECTIVE = "No corrective migration is known for this change: ship a hotfix of the previous code instead.";

/** The ALTER TABLE sub-commands each rule reports on. */
const SUBTYPES: Record<string, readonly string[]> = {
  "dropping-column": ["AT_DropColumn"],
  "setting-not-null": ["AT_SetNotNull"],
  "adding-required-column": ["AT_AddColumn"],
  "adding-unique-constraint": ["AT_AddConstraint", "AT_AddIndex"],
  "adding-check-constraint": ["AT_AddConstraint"],
  "adding-foreign-key": ["AT_AddConstraint"],
  "dropping-default": ["AT_ColumnDefault"],
};

function pickCommand(finding: Finding, at: Lookup, stmt: AlterTableStmt): AlterTableCmd | undefined {
  const items = stmt.cmds ?? [];
  const ranges = alterCommandRanges(at.source, at.statement, items.length);
  const wanted = SUBTYPES[finding.ruleId] ?? [];
  const candidates: AlterTableCmd[] = [];
  for (const [index, item] of items.entries()) {
    if (!("AlterTableCmd" in item) || !wanted.includes(item.AlterTableCmd.subtype ?? "")) continue;
    const range = ranges?.[index];
    // The finding's range is the sub-command's when the statement could be split.
    if (range && finding.range.start.offset >= range.start.offset && finding.range.start.offset <= range.end.offset) return item.AlterTableCmd;
    candidates.push(item.AlterTableCmd);
  }
  return ranges ? undefined : candidates[at.nth] ?? candidates[0];
}

function alterCorrective(finding: Finding, cmd: AlterTableCmd, table: QualifiedName, model: SchemaModel): Corrective | undefined {
  const t = quoteQualified(table);
  switch (finding.ruleId) {
    case "dropping-column": {
      if (!cmd.name) return undefined;
      const type = model.tables.get(table)?.columns.get(cmd.name)?.type;
      const typeText = type ? formatColumnType(type) : "<type>";
      return {
        finding,
        sql: `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${quoteIdent(cmd.name)} ${typeText};`,
        note: `Re-adds the column, nullable and empty, so the previous release's queries run again. It does NOT restore the data: the old values come back only from a backup or PITR.${type ? "" : " The column's type was not found in the earlier migrations: fill in <type>."}`,
      };
    }
    case "setting-not-null":
      if (!cmd.name) return undefined;
      return { finding, sql: `ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(cmd.name)} DROP NOT NULL;`, note: "Lets the previous release write NULL again." };
    case "adding-required-column": {
      const column = cmd.def && "ColumnDef" in cmd.def ? cmd.def.ColumnDef.colname : undefined;
      if (!column) return undefined;
      const c = quoteIdent(column);
      return {
        finding,
        sql: `ALTER TABLE ${t} ALTER COLUMN ${c} DROP NOT NULL;`,
        note: `Lets the previous release's INSERTs, which leave the column out, succeed again; or keep NOT NULL and give it a default: ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT <value>;`,
      };
    }
    case "adding-unique-constraint":
    case "adding-check-constraint":
    case "adding-foreign-key": {
      const constraint = cmd.def && "Constraint" in cmd.def ? cmd.def.Constraint : undefined;
      const name = constraint ? constraintName(table, constraint) : undefined;
      if (!name) return undefined;
      return { finding, sql: `ALTER TABLE ${t} DROP CONSTRAINT IF EXISTS ${quoteIdent(name)};`, note: "Drops the constraint, so the previous release's writes that violate it succeed again." };
    }
    default:
      return undefined;
  }
}

/** The constraint's name: its own, or the one PostgreSQL generates (`users_email_key`, `users_pkey`). */
function constraintName(table: QualifiedName, constraint: Constraint): string | undefined {
  if (constraint.conname) return constraint.conname;
  const rel = table.slice(table.indexOf(".") + 1);
  if (constraint.contype === "CONSTR_PRIMARY") return `${rel}_pkey`;
  const keys = (constraint.keys ?? []).map(stringValue).filter((k): k is string => k !== undefined);
  if (constraint.contype === "CONSTR_UNIQUE" && keys.length > 0) return `${rel}_${keys.join("_")}_key`;
  if (constraint.contype === "CONSTR_FOREIGN") {
    const fk = (constraint.fk_attrs ?? []).map(stringValue).filter((k): k is string => k !== undefined);
    if (fk.length > 0) return `${rel}_${fk.join("_")}_fkey`;
  }
  return undefined;
}

function renameCorrective(finding: Finding, rename: RenameStmt): Corrective | undefined {
  const table = nameOfRangeVar(rename.relation);
  if (!table || !rename.newname) return undefined;
  const t = quoteQualified(table);
  if (finding.ruleId === "renaming-column" && rename.subname) {
    const [from, to] = [quoteIdent(rename.subname), quoteIdent(rename.newname)];
    return {
      finding,
      sql: `ALTER TABLE ${t} RENAME COLUMN ${to} TO ${from};`,
      note: `Renames the column back, which breaks the new release in turn; to serve both, keep ${to} and give the previous release a view that selects ${to} AS ${from}.`,
    };
  }
  if (finding.ruleId === "renaming-table") {
    const schema = table.slice(0, table.indexOf("."));
    const renamed = quoteQualified(`${schema}.${rename.newname}`);
    const old = quoteIdent(table.slice(table.indexOf(".") + 1));
    return {
      finding,
      sql: `ALTER TABLE ${renamed} RENAME TO ${old};`,
      note: `Renames the table back, which breaks the new release in turn; to serve both, keep the new name and add a view: CREATE VIEW ${t} AS SELECT * FROM ${renamed};`,
    };
  }
  return undefined;
}
