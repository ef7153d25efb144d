import type { ReindexStmt } from "@pgsql/types";
import { defineRule, displayName, nameOfRangeVar, quoteIdent, quoteQualified, type RuleContext, type RuleReport } from "@rollsafe/core";
import { hasConcurrentIndexBug, outsideTransaction, reindexIsConcurrent, tableIsNew } from "./support/locks.js";

type MessageId = "blocking" | "noConcurrentForm" | "corruptionBug";

const KIND_WORDS: Record<string, string> = {
  REINDEX_OBJECT_INDEX: "INDEX",
  REINDEX_OBJECT_TABLE: "TABLE",
  REINDEX_OBJECT_SCHEMA: "SCHEMA",
  REINDEX_OBJECT_DATABASE: "DATABASE",
};

interface Target {
  word: string;
  /** Quoted, as SQL spells it. */
  sql: string;
  shown: string;
  locks: string;
  /** The index's table and columns, for the pre-12 swap (REINDEX INDEX only). */
  index?: { name: string; table: string; columns: string[] };
}

function target(stmt: ReindexStmt, context: RuleContext): Target | undefined {
  const word = KIND_WORDS[stmt.kind ?? ""];
  if (!word) return undefined;
  const relation = nameOfRangeVar(stmt.relation);
  if (word === "INDEX" && relation) {
    const index = context.model.indexes.get(relation);
    if (index && (index.origin === context.unit || tableIsNew(context, index.table))) return undefined;
    const table = index ? `table "${displayName(index.table)}"` : "its table";
    const locks = `an ACCESS EXCLUSIVE lock on the index, which blocks every query that would use it, and a SHARE lock on ${table}, which blocks its writes`;
    return { word, sql: quoteQualified(relation), shown: `INDEX "${displayName(relation)}"`, locks, ...(index ? { index: { name: relation, table: index.table, columns: index.columns } } : {}) };
  }
  if (word === "TABLE" && relation) {
    if (tableIsNew(context, relation)) return undefined;
    const locks = `a SHARE lock on "${displayName(relation)}", which blocks its writes, and an ACCESS EXCLUSIVE lock on each of its indexes, which blocks every query that would use one`;
    return { word, sql: quoteQualified(relation), shown: `TABLE "${displayName(relation)}"`, locks };
  }
  if (stmt.name) {
    const locks = `a SHARE lock on every table of the ${word.toLowerCase()}, which blocks their writes, and an ACCESS EXCLUSIVE lock on each index, which blocks every query that would use one`;
    return { word, sql: quoteIdent(stmt.name), shown: `${word} "${stmt.name}"`, locks };
  }
  return undefined;
}

function swapIndex(t: Target): string[] {
  if (!t.index) {
    const table = t.word === "TABLE" ? t.sql : "<table>";
    return [`CREATE INDEX CONCURRENTLY <index>_new ON ${table} (<columns>);`, `DROP INDEX CONCURRENTLY <index>;`, `ALTER INDEX <index>_new RENAME TO <index>;`];
  }
  const dot = t.index.name.indexOf(".");
  const schema = t.index.name.slice(0, dot);
  const rel = t.index.name.slice(dot + 1);
  const columns = t.index.columns.length > 0 ? t.index.columns.map(quoteIdent).join(", ") : "<columns>";
  return [
    `CREATE INDEX CONCURRENTLY ${quoteIdent(`${rel}_new`)} ON ${quoteQualified(t.index.table)} (${columns});`,
    `DROP INDEX CONCURRENTLY ${t.sql};`,
    `ALTER INDEX ${quoteQualified(`${schema}.${rel}_new`)} RENAME TO ${quoteIdent(rel)};`,
  ];
}

export default defineRule(import.meta.url, {
  meta: {
    description: "REINDEX without CONCURRENTLY blocks writes to the table and every query that would use the rebuilt indexes.",
    category: "locking",
    severity: "error",
    equivalents: { squawk: ["require-concurrent-reindex"], strongMigrations: [], atlas: [], eugene: [] },
    statementKinds: ["ReindexStmt"],
    messages: {
      blocking: "REINDEX {{target}} takes {{locks}}, for the whole rebuild. Use REINDEX {{word}} CONCURRENTLY (PostgreSQL 12 and later).",
      noConcurrentForm:
        "REINDEX {{target}} takes {{locks}}, for the whole rebuild, and PostgreSQL {{version}} has no concurrent form (REINDEX CONCURRENTLY arrived in 12): build a replacement index concurrently and swap it in.",
      corruptionBug:
        "REINDEX {{target}} CONCURRENTLY on PostgreSQL {{version}} can produce a corrupt index (a bug of 14.0 to 14.3, fixed in 14.4): upgrade to 14.4 or later first.",
    },
  },
  check(statement, context): RuleReport<MessageId>[] {
    const stmt = (statement.node as { ReindexStmt?: ReindexStmt }).ReindexStmt;
    if (!stmt) return [];
    const t = target(stmt, context);
    if (!t) return [];
    const data = { target: t.shown, word: t.word, locks: t.locks };
    if (reindexIsConcurrent(stmt)) {
      return hasConcurrentIndexBug(context) ? [{ messageId: "corruptionBug", data: { ...data, version: `14.${context.postgresMinor ?? 0}` } }] : [];
    }
    if (context.postgresVersion < 12) {
      const lines = t.word === "INDEX" ? swapIndex(t) : [`-- For each index of ${t.shown}:`, ...swapIndex(t)];
      return [{ messageId: "noConcurrentForm", data: { ...data, version: String(context.postgresVersion) }, saferAlternative: [outsideTransaction(context), ...lines].join("\n") }];
    }
    return [{ messageId: "blocking", data, saferAlternative: [outsideTransaction(context), `REINDEX ${t.word} CONCURRENTLY ${t.sql};`].join("\n") }];
  },
});
