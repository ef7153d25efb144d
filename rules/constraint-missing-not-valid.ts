import type { Constraint as ConstraintNode, Node } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified, stringValue, type LockMode, type RuleContext, type RuleReport } from "@rollsafe/core";
import type { Statement } from "@rollsafe/parser";
import { alterTableCommands, type AlterCommand } from "./support/alter-table.js";
import { notValidSplitFix, optionalFix } from "./support/fixes.js";
import { describeLock } from "./support/locks.js";

type MessageId = "foreignKey" | "check" | "validateSameTransaction";

/** The name PostgreSQL gives an unnamed constraint (close enough for a suggestion that names it explicitly). */
function constraintName(command: AlterCommand, def: ConstraintNode): string {
  if (def.conname) return def.conname;
  const rel = command.tableName.slice(command.tableName.indexOf(".") + 1);
  const columns = (def.contype === "CONSTR_FOREIGN" ? def.fk_attrs : def.keys)?.map(stringValue).filter((s): s is string => !!s) ?? [];
  // An unnamed CHECK is named after the first column its expression mentions.
  if (def.contype === "CONSTR_CHECK" && columns.length === 0) {
    const column = firstColumnRef(def.raw_expr);
    if (column) columns.push(column);
  }
  return `${[rel, ...columns].join("_")}_${def.contype === "CONSTR_FOREIGN" ? "fkey" : "check"}`;
}

function firstColumnRef(node: unknown): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const ref = (node as { ColumnRef?: { fields?: Node[] } }).ColumnRef;
  if (ref) {
    const last = ref.fields?.[ref.fields.length - 1];
    return last ? stringValue(last) : undefined;
  }
  for (const value of Object.values(node as Record<string, unknown>)) {
    const found = Array.isArray(value) ? value.map(firstColumnRef).find(Boolean) : firstColumnRef(value);
    if (found) return found;
  }
  return undefined;
}

/** `ADD CONSTRAINT "name" <definition> NOT VALID`, from the sub-command as written. */
function notValidForm(command: AlterCommand, def: ConstraintNode, name: string, context: RuleContext): string {
  const range = command.range();
  const written = context.source.text.slice(range.start.offset, range.end.offset).trim();
  if (!/^ADD\s/i.test(written)) return `ADD CONSTRAINT ${quoteIdent(name)} ${def.contype === "CONSTR_FOREIGN" ? "FOREIGN KEY (<columns>) REFERENCES <table> (<columns>)" : "CHECK (<condition>)"} NOT VALID`;
  const named = def.conname ? written : written.replace(/^ADD\s+/i, `ADD CONSTRAINT ${quoteIdent(name)} `);
  return `${named} NOT VALID`;
}

/** Whether the NOT VALID constraint being validated was added in the same transaction. */
function addedInSameTransaction(statement: Statement, name: string, context: RuleContext): boolean {
  if (!context.migration.inTransaction) return false;
  const { statements, index } = context.migration;
  for (let i = index - 1; i >= 0; i--) {
    const earlier = statements[i]!;
    if (earlier.kind === "TransactionStmt") {
      const kind = (earlier.node as { TransactionStmt?: { kind?: string } }).TransactionStmt?.kind;
      if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK" || kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") return false;
    }
    if (earlier.kind === "AlterTableStmt" && addsConstraint(earlier, name, context)) return true;
  }
  // Added by an earlier migration of the same change: one transaction only when the tool runs them all in one.
  return context.migration.transaction === "all-pending";
}

function addsConstraint(statement: Statement, name: string, context: RuleContext): boolean {
  return alterTableCommands(statement, context).some((c) => {
    const def = (c.cmd.def as { Constraint?: ConstraintNode } | undefined)?.Constraint;
    return c.cmd.subtype === "AT_AddConstraint" && def !== undefined && constraintName(c, def) === name;
  });
}

export default defineRule(import.meta.url, {
  meta: {
    description: "A FOREIGN KEY or CHECK constraint added to an existing table without NOT VALID is validated at once, scanning every row while holding a lock that blocks writes (CHECK: reads too).",
    category: "locking",
    severity: "error",
    equivalents: {
      squawk: ["constraint-missing-not-valid", "adding-foreign-key-constraint"],
      strongMigrations: ["add_foreign_key", "add_check_constraint", "validate_foreign_key", "validate_check_constraint"],
      atlas: ["PG305", "PG306"],
      eugene: ["E1"],
    },
    fixable: true,
    statementKinds: ["AlterTableStmt"],
    messages: {
      foreignKey:
        'Foreign key "{{name}}" is added to existing table "{{table}}" and validated at once: the scan of every row runs under {{lock}}, on "{{table}}" and on "{{referenced}}". Add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.',
      check:
        'CHECK constraint "{{name}}" is added to existing table "{{table}}" and validated at once: the scan of every row runs under {{lock}}. Add it NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.',
      validateSameTransaction:
        'VALIDATE CONSTRAINT "{{name}}" runs in the same transaction that added it NOT VALID, so the scan still runs under the {{mode}} lock that ADD CONSTRAINT took on "{{table}}" (held until the transaction ends). Validate it in a separate transaction.',
    },
  },
  check(statement, context): RuleReport<MessageId>[] {
    const commands = alterTableCommands(statement, context);
    return commands.flatMap((command): RuleReport<MessageId>[] => {
      if (command.tableIsNew) return [];
      const table = quoteQualified(command.tableName);
      if (command.cmd.subtype === "AT_ValidateConstraint" && command.cmd.name) {
        const constraint = command.tableBefore.constraints.get(command.cmd.name);
        if (!constraint || constraint.origin !== context.unit || constraint.validated || !addedInSameTransaction(statement, constraint.name, context)) return [];
        const mode: LockMode = constraint.kind === "foreign-key" ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE";
        return [
          {
            messageId: "validateSameTransaction",
            data: { name: constraint.name, table: displayName(command.tableName), mode },
            range: command.range(),
            saferAlternative: [`COMMIT; -- or end the migration here, and validate in the next one (a separate transaction)`, `BEGIN;`, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(constraint.name)};`].join("\n"),
          },
        ];
      }
      const def = (command.cmd.def as { Constraint?: ConstraintNode } | undefined)?.Constraint;
      if (command.cmd.subtype !== "AT_AddConstraint" || !def || def.skip_validation || def.is_enforced === false) return [];
      if (def.contype !== "CONSTR_FOREIGN" && def.contype !== "CONSTR_CHECK") return [];
      const name = constraintName(command, def);
      const isForeignKey = def.contype === "CONSTR_FOREIGN";
      const mode: LockMode = isForeignKey ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE";
      const referenced = nameOfRangeVar(def.pktable);
      return [
        {
          messageId: isForeignKey ? "foreignKey" : "check",
          data: { name, table: displayName(command.tableName), lock: describeLock(mode), referenced: referenced ? displayName(referenced) : "" },
          range: command.range(),
          saferAlternative: [
            `-- Instant: only new and updated rows are checked from now on.`,
            `ALTER TABLE ${table} ${notValidForm(command, def, name, context)};`,
            `-- In a separate transaction (a later migration): scans under SHARE UPDATE EXCLUSIVE, so reads and writes continue.`,
            `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(name)};`,
          ].join("\n"),
          ...optionalFix(notValidSplitFix(statement, context, table, def.conname ? quoteIdent(def.conname) : undefined, commands.length)),
        },
      ];
    });
  },
});
