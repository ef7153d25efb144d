import type { TransactionStmt } from "@pgsql/types";
import { defineRule, docsPageUrl } from "@rollsafe/core";
import { RUNNER_TRANSACTION, openBeginLine } from "./support/transactions.js";

const SPELLING: Record<string, string> = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
};

export default defineRule(import.meta.url, {
  meta: {
    description: "BEGIN, COMMIT or ROLLBACK inside a migration its tool already runs in a transaction (or a BEGIN inside the file's own open transaction) ends that transaction early, so the migration is no longer atomic.",
    category: "integrity",
    severity: "error",
    equivalents: { squawk: ["transaction-nesting"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["TransactionStmt"],
    messages: {
      runnerBegin:
        "{{statement}} inside a migration that is already in a transaction ({{runner}}): PostgreSQL only warns, and the file's COMMIT then commits the tool's transaction early, so what follows is no longer atomic with what came before.",
      runnerEnd:
        "{{statement}} inside a migration that runs in a transaction ({{runner}}): it ends the tool's transaction early; the statements after it run outside any transaction, so a later failure leaves the migration half applied and the tool's record of it may disagree.",
      nested: "BEGIN inside the transaction the file opened on line {{line}}: PostgreSQL ignores it with a warning, and the first COMMIT ends both.",
    },
  },
  check(statement, context) {
    const kind = (statement.node as { TransactionStmt?: TransactionStmt }).TransactionStmt?.kind ?? "";
    const spelled = SPELLING[kind];
    if (!spelled) return [];
    const mode = context.migration.transaction;
    const begins = kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START";
    const line = begins && context.migration.explicitTransaction ? openBeginLine(context.migration) : undefined;
    if (line !== undefined) {
      return [{ messageId: "nested" as const, data: { line: String(line) }, saferAlternative: "-- Remove the inner BEGIN: one BEGIN ... COMMIT around the statements that must be atomic." }];
    }
    // Only tools that open a transaction themselves: in a multi-statement query (`implicit`), BEGIN and
    // COMMIT are how a file takes control of its transactions, as golang-migrate's tutorial shows.
    if (mode !== "all-pending" && mode !== "per-migration") return [];
    const saferAlternative = `-- Remove the ${spelled}: ${RUNNER_TRANSACTION[mode]} already. A statement that must run outside a transaction needs a way out of the tool's transaction (${docsPageUrl("sources.md#transactions")}), not a COMMIT.`;
    return [{ messageId: begins ? ("runnerBegin" as const) : ("runnerEnd" as const), data: { statement: spelled, runner: RUNNER_TRANSACTION[mode] }, saferAlternative }];
  },
});
