import type { PartitionCmd } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteQualified, type RuleReport } from "@rollsafe/core";
import { alterTableCommands } from "./support/alter-table.js";
import { describeLock, outsideTransaction } from "./support/locks.js";

export default defineRule(import.meta.url, {
  meta: {
    description: "DETACH PARTITION without CONCURRENTLY (PostgreSQL 14 and later) takes an ACCESS EXCLUSIVE lock on the partitioned table, blocking every read and write.",
    category: "locking",
    severity: "error",
    equivalents: { squawk: ["require-concurrent-partition-detach"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["AlterTableStmt"],
    messages: {
      blocking:
        'DETACH PARTITION "{{partition}}" takes {{lock}}, on partitioned table "{{table}}" and on the partition. Since PostgreSQL 14, DETACH PARTITION ... CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE locks.',
    },
  },
  check(statement, context): RuleReport<"blocking">[] {
    // Before 14 there is no concurrent form: nothing better to suggest.
    if (context.postgresVersion < 14) return [];
    return alterTableCommands(statement, context).flatMap((command) => {
      const partitionCmd = (command.cmd.def as { PartitionCmd?: PartitionCmd } | undefined)?.PartitionCmd;
      const partition = nameOfRangeVar(partitionCmd?.name);
      if (command.cmd.subtype !== "AT_DetachPartition" || partitionCmd?.concurrent || !partition || command.tableIsNew) return [];
      return [
        {
          messageId: "blocking" as const,
          data: { partition: displayName(partition), table: displayName(command.tableName), lock: describeLock("ACCESS EXCLUSIVE") },
          range: command.range(),
          saferAlternative: [
            outsideTransaction(context),
            `-- (not possible while the table has a DEFAULT partition; if interrupted, finish with DETACH PARTITION ... FINALIZE)`,
            `ALTER TABLE ${quoteQualified(command.tableName)} DETACH PARTITION ${quoteQualified(partition)} CONCURRENTLY;`,
          ].join("\n"),
        },
      ];
    });
  },
});
