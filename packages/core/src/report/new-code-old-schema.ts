// The other direction of a rolling update: the NEW code running against the OLD schema, which happens
// when migrations run after the new code starts (post-deploy migrations). It is the mirror image of
// the rules: a change breaks the new code on the old schema when undoing it would break code, so
// additions (a table, a column, an enum value, a rename) and relaxations (DROP NOT NULL, a dropped
// CHECK) are the breaks here, and drops and tightenings are harmless. Statement kinds and ALTER TABLE
// sub-commands not listed are "unknown", never safe.
import type { AlterEnumStmt, AlterTableCmd, AlterTableStmt, CreateStmt, IndexStmt, RenameStmt } from "@pgsql/types";
import type { Range, Statement } from "@rollsafe/parser";
import { commandRange, type RuleContext } from "../rule.js";
import { displayName, nameOfList, nameOfRangeVar } from "../model/names.js";

export interface DirectionIssue {
  path: string;
  range: Range;
  /** `false`: the new code fails where it uses what the statement adds or relaxes; "unknown": not analysed. */
  verdict: false | "unknown";
  message: string;
}

/** Statements that change nothing the new code could rely on (or whose effect only helps it). */
const NEUTRAL = new Set([
  "DropStmt", // the old schema still has the object; the new code does not use it
  "InsertStmt", "UpdateStmt", "DeleteStmt", "SelectStmt", "MergeStmt", "CopyStmt", // data, not shape
  "TransactionStmt", "VariableSetStmt", "LockStmt", "CommentStmt", "GrantStmt", "GrantRoleStmt", "AlterOwnerStmt",
  "AlterDefaultPrivilegesStmt", "CreatePolicyStmt", "AlterPolicyStmt", "CreatePublicationStmt", "AlterPublicationStmt",
  "CreateSchemaStmt", "AlterSeqStmt", "VacuumStmt", "ReindexStmt", "ClusterStmt", "RefreshMatViewStmt", "CreateStatsStmt",
  "AlterTableSpaceOptionsStmt", "DropOwnedStmt", "ReassignOwnedStmt", "CheckPointStmt", "NotifyStmt", "ListenStmt",
  // Counted as not analysed already (unmodeled-statement), in both directions.
  "DoStmt", "CallStmt", "ExecuteStmt", "CreateTrigStmt", "RuleStmt",
]);

/** Statements that create something the new code may use: it fails on the old schema, which lacks it. */
const CREATES: Record<string, string> = {
  CreateFunctionStmt: "creates or replaces a function",
  CreateSeqStmt: "creates a sequence",
  CreateExtensionStmt: "creates an extension (types and functions the new code may use)",
  CreateDomainStmt: "creates a domain",
  CompositeTypeStmt: "creates a composite type",
  CreateRangeStmt: "creates a range type",
  AlterObjectSchemaStmt: "moves an object to another schema",
};

/** ALTER TABLE sub-commands that only tighten or tune the table: the old schema is as permissive. */
const NEUTRAL_COMMANDS = new Set([
  "AT_AddConstraint", "AT_SetNotNull", "AT_ValidateConstraint", "AT_EnableRowSecurity", "AT_DisableRowSecurity",
  "AT_ForceRowSecurity", "AT_NoForceRowSecurity", "AT_SetRelOptions", "AT_ResetRelOptions", "AT_SetStatistics",
  "AT_SetStorage", "AT_SetCompression", "AT_ClusterOn", "AT_DropCluster", "AT_ReplicaIdentity", "AT_ChangeOwner",
  "AT_SetLogged", "AT_SetUnLogged", "AT_EnableTrig", "AT_DisableTrig", "AT_EnableTrigAll", "AT_DisableTrigAll",
  "AT_EnableTrigUser", "AT_DisableTrigUser", "AT_SetTableSpace", "AT_AttachPartition", "AT_DetachPartition",
  "AT_DetachPartitionFinalize", "AT_AddIndex", "AT_AddIndexConstraint",
]);

/** What one statement means for the new code running against the schema before it. */
export function newCodeOldSchemaIssues(statement: Statement, context: RuleContext, path: string): DirectionIssue[] {
  const body = (statement.node as Record<string, unknown>)[statement.kind];
  const issue = (message: string, range: Range = statement.range, verdict: false | "unknown" = false): DirectionIssue => ({ path, range, verdict, message });
  if (NEUTRAL.has(statement.kind)) return [];
  const creates = CREATES[statement.kind];
  if (creates) return [issue(`${creates}: the new code fails where it uses it before the migration has run`)];
  switch (statement.kind) {
    case "CreateStmt":
    case "CreateTableAsStmt":
    case "ViewStmt": {
      const name = statement.kind === "CreateStmt" ? nameOfRangeVar((body as CreateStmt).relation) : statement.kind === "ViewStmt" ? nameOfRangeVar((body as { view?: never }).view) : nameOfRangeVar((body as { into?: { rel?: never } }).into?.rel);
      if (statement.kind === "CreateStmt" && (body as CreateStmt).if_not_exists && name && context.model.tables.has(name)) return [];
      const what = statement.kind === "ViewStmt" ? "view" : "table";
      return [issue(`creates ${what} "${name ? displayName(name) : "?"}": the new code fails where it uses it before the migration has run`)];
    }
    case "CreateEnumStmt":
      return [issue(`creates type "${displayName(nameOfList((body as { typeName?: never[] }).typeName) ?? "?")}": the new code fails where it uses it before the migration has run`)];
    case "AlterEnumStmt": {
      const stmt = body as AlterEnumStmt;
      const type = displayName(nameOfList(stmt.typeName) ?? "?");
      if (stmt.oldVal) return [issue(`renames value '${stmt.oldVal}' of type "${type}" to '${stmt.newVal ?? "?"}': the old schema rejects the new name`)];
      return [issue(`adds value '${stmt.newVal ?? "?"}' to type "${type}": the old schema rejects it when the new code writes it`)];
    }
    case "RenameStmt":
      return renameIssues(body as RenameStmt, context, issue);
    case "IndexStmt": {
      const index = body as IndexStmt;
      const table = nameOfRangeVar(index.relation);
      if (!index.unique || index.whereClause || isNew(table, context)) return [];
      const name = index.idxname ? ` "${index.idxname}"` : "";
      return [issue(`creates unique index${name} on "${table ? displayName(table) : "?"}": the new code's ON CONFLICT on its columns fails on the old schema, which has no such index`)];
    }
    case "AlterTableStmt":
      return alterTableIssues(statement, body as AlterTableStmt, context, path);
    default:
      return [issue(`${statementHead(statement)} (${statement.kind}): its effect on the new code running against the old schema is not analysed`, statement.range, "unknown")];
  }
}

/** `CREATE AGGREGATE`: the statement's first two words, for messages. */
function statementHead(statement: Statement): string {
  return statement.text.trim().split(/\s+/).slice(0, 2).join(" ").toUpperCase();
}

function isNew(table: string | undefined, context: RuleContext): boolean {
  return table !== undefined && context.model.tables.get(table)?.origin === context.unit;
}

function renameIssues(rename: RenameStmt, context: RuleContext, issue: (message: string) => DirectionIssue): DirectionIssue[] {
  const table = nameOfRangeVar(rename.relation);
  if (isNew(table, context)) return [];
  const on = table ? ` of "${displayName(table)}"` : "";
  if (rename.renameType === "OBJECT_COLUMN" && rename.subname) {
    if (table && context.model.tables.get(table)?.columns.get(rename.subname)?.origin === context.unit) return [];
    return [issue(`renames column "${rename.subname}"${on} to "${rename.newname ?? "?"}": the new code uses the new name, which the old schema lacks`)];
  }
  return [issue(`renames ${String(rename.renameType ?? "an object").replace(/^OBJECT_/, "").toLowerCase()} ${table ? `"${displayName(table)}" ` : ""}to "${rename.newname ?? "?"}": the new code uses the new name, which the old schema lacks`)];
}

function alterTableIssues(statement: Statement, stmt: AlterTableStmt, context: RuleContext, path: string): DirectionIssue[] {
  const tableName = nameOfRangeVar(stmt.relation);
  if (!tableName || isNew(tableName, context)) return [];
  // ALTER INDEX / ALTER SEQUENCE options change nothing a query relies on.
  if (stmt.objtype === "OBJECT_INDEX" || stmt.objtype === "OBJECT_SEQUENCE") return [];
  if (stmt.objtype && stmt.objtype !== "OBJECT_TABLE" && stmt.objtype !== "OBJECT_FOREIGN_TABLE") {
    return [{ path, range: statement.range, verdict: "unknown", message: `ALTER ${stmt.objtype.replace(/^OBJECT_/, "")}: its effect on the new code running against the old schema is not analysed` }];
  }
  const table = context.model.tables.get(tableName);
  const t = `"${displayName(tableName)}"`;
  const items = stmt.cmds ?? [];
  const issues: DirectionIssue[] = [];
  items.forEach((item, index) => {
    if (!("AlterTableCmd" in item)) return;
    const cmd: AlterTableCmd = item.AlterTableCmd;
    const at = (message: string, verdict: false | "unknown" = false) => issues.push({ path, range: commandRange(statement, context, index, items.length), verdict, message });
    const column = cmd.name ? table?.columns.get(cmd.name) : undefined;
    if (column && column.origin === context.unit) return; // a column the same change added
    const c = `"${cmd.name ?? "?"}"`;
    switch (cmd.subtype) {
      case "AT_AddColumn": {
        const def = cmd.def && "ColumnDef" in cmd.def ? cmd.def.ColumnDef : undefined;
        if (cmd.missing_ok && def?.colname && table?.columns.has(def.colname)) return;
        at(`adds column "${def?.colname ?? "?"}" to ${t}: the new code fails where it uses it before the migration has run`);
        return;
      }
      case "AT_DropColumn":
        // The old schema still has it; the new code fails only if it must write it there.
        if (column && column.notNull && !column.hasDefault && !column.identity && !column.generated) at(`drops column ${c} of ${t}, which is NOT NULL without a default: the new code's INSERTs leave it out, which the old schema rejects`);
        else if (!column && table?.columnsKnown === false) at(`drops column ${c} of ${t}, which the earlier migrations do not describe: if it is NOT NULL without a default, the new code's INSERTs fail on the old schema`, "unknown");
        return;
      case "AT_DropNotNull":
        at(`drops NOT NULL from ${c} of ${t}: the old schema rejects the NULLs the new code may write`);
        return;
      case "AT_AlterColumnType":
        at(`changes the type of ${c} of ${t}: the new code is written for the new type, which the old schema does not have`);
        return;
      case "AT_ColumnDefault":
        // A new default on a NOT NULL column without one: the new code may leave the column out.
        if (cmd.def && column?.notNull && !column.hasDefault) at(`gives NOT NULL column ${c} of ${t} a default: the new code may leave it out, which the old schema rejects`);
        return;
      case "AT_DropConstraint":
        at(`drops constraint ${c} of ${t}: the old schema rejects the rows the new code may now write`);
        return;
      case "AT_AddIdentity":
      case "AT_SetIdentity":
      case "AT_DropIdentity":
      case "AT_DropExpression":
        at(`changes how ${c} of ${t} is generated: the new code may insert it differently than the old schema allows`);
        return;
      default:
        if (!NEUTRAL_COMMANDS.has(cmd.subtype ?? "")) at(`ALTER TABLE ${t} ${String(cmd.subtype ?? "?").replace(/^AT_/, "")}: its effect on the new code running against the old schema is not analysed`, "unknown");
    }
  });
  return issues;
}

