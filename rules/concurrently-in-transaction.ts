import type { AlterEnumStmt, DropStmt, IndexStmt, PartitionCmd, ReindexStmt } from "@pgsql/types";
import { defineRule, type RuleContext, type RuleReport } from "@rollsafe/core";
import type { Range, Statement } from "@rollsafe/parser";
import { alterTableCommands } from "./support/alter-table.js";
import { RUNNER_TRANSACTION, openBeginLine, runnerWraps } from "./support/transactions.js";

type MessageId = "runner" | "explicit";

export default defineRule(import.meta.url, {
  meta: {
    description: "A statement PostgreSQL refuses to run inside a transaction block (CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY, ALTER TYPE ... ADD VALUE before PostgreSQL 12) runs inside one, so the migration fails.",
    category: "integrity",
    severity: "error",
    equivalents: { squawk: ["ban-concurrent-index-creation-in-transaction"], strongMigrations: [], atlas: ["PG103"], eugene: [] },
    statementKinds: ["IndexStmt", "DropStmt", "ReindexStmt", "AlterTableStmt", "AlterEnumStmt"],
    messages: {
      runner: "{{what}} cannot run inside a transaction block, but the migration runs in one ({{runner}}): PostgreSQL rejects it and the migration fails.",
      explicit: "{{what}} cannot run inside a transaction block, but this one is inside the BEGIN on line {{line}}: PostgreSQL rejects it and the migration fails.",
    },
  },
  check(statement, context) {
    if (!context.migration.inTransaction) return [];
    const found = forbidden(statement, context);
    if (!found) return [];
    const mode = context.migration.transaction;
    const line = openBeginLine(context.migration);
    const byRunner = mode === "all-pending" || mode === "per-migration" || line === undefined;
    if (byRunner && !runnerWraps(context.migration)) return [];
    const report: RuleReport<MessageId> = byRunner
      ? { messageId: "runner", data: { what: found.what, runner: RUNNER_TRANSACTION[mode] } }
      : { messageId: "explicit", data: { what: found.what, line: String(line) } };
    return [{ ...report, range: found.range ?? statement.range, saferAlternative: wayOut(byRunner ? mode : "none", statement) }];
  },
});

/** What the statement does that PostgreSQL forbids in a transaction block, if anything. */
function forbidden(statement: Statement, context: RuleContext): { what: string; range?: Range } | undefined {
  const node = statement.node as {
    IndexStmt?: IndexStmt;
    DropStmt?: DropStmt;
    ReindexStmt?: ReindexStmt;
    AlterEnumStmt?: AlterEnumStmt;
  };
  if (node.IndexStmt?.concurrent) return { what: "CREATE INDEX CONCURRENTLY" };
  if (node.DropStmt?.concurrent) return { what: "DROP INDEX CONCURRENTLY" };
  if (node.ReindexStmt?.params?.some((p) => "DefElem" in p && p.DefElem.defname === "concurrently")) return { what: "REINDEX CONCURRENTLY" };
  // ADD VALUE (not RENAME VALUE, which has oldVal) was refused in a transaction block before PostgreSQL 12.
  if (node.AlterEnumStmt && !node.AlterEnumStmt.oldVal && context.postgresVersion < 12) return { what: `ALTER TYPE ... ADD VALUE (on PostgreSQL ${context.postgresVersion})` };
  if (statement.kind === "AlterTableStmt") {
    const detach = alterTableCommands(statement, context).find(
      (c) => c.cmd.subtype === "AT_DetachPartition" && (c.cmd.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd?.concurrent,
    );
    if (detach) return { what: "DETACH PARTITION ... CONCURRENTLY", range: detach.range() };
  }
  return undefined;
}

/** The documented way to run the statement outside the tool's transaction (docs/sources.md). */
function wayOut(mode: string, statement: Statement): string {
  const sql = `${statement.text};`;
  switch (mode) {
    case "all-pending":
      return [
        "-- drizzle-kit's migrator cannot leave its transaction for one migration (drizzle-orm issue #860).",
        "-- Remove the statement from the migration and run it outside the migrator (e.g. with psql),",
        "-- before or after `drizzle-kit migrate`:",
        sql,
      ].join("\n");
    case "per-migration":
      return [
        "-- Move it to a migration of its own, with dbmate's transaction turned off. dbmate sends the whole",
        "-- section as one query, which is still one implicit transaction, so keep one statement per file:",
        "-- migrate:up transaction:false",
        sql,
      ].join("\n");
    case "implicit":
      return [
        "-- Move it to a migration file of its own: a one-statement query runs outside any transaction.",
        "-- (golang-migrate: or add x-multi-statement=true to the database URL, which runs statements one by one.)",
        sql,
      ].join("\n");
    default:
      return ["-- Run it outside the BEGIN ... COMMIT block, e.g. after the COMMIT:", sql].join("\n");
  }
}
