// Which evidence a release verdict rests on. Today the static rules are the only source; the Drizzle
// snapshot and previous-schema checks and the real-engine verification are listed as not run, so a
// reader never mistakes a static verdict for an observed one.
import type { Finding } from "../finding.js";
import type { UnanalysedStatement } from "../lint.js";

export interface Evidence {
  source: "static rules" | "drizzle snapshots" | "previous schema file" | "observed on PostgreSQL";
  used: boolean;
  detail: string;
}

/** `unanalysed` (the engine's list) counts whatever severity the analysis rules are configured at. */
export function releaseEvidence(checkedMigrations: number, findings: readonly Finding[], unanalysed?: readonly UnanalysedStatement[]): Evidence[] {
  const count = (kind: UnanalysedStatement["kind"], ruleId: string) => (unanalysed ? unanalysed.filter((u) => u.kind === kind).length : findings.filter((f) => f.ruleId === ruleId).length);
  const unmodeled = count("unmodeled", "unmodeled-statement");
  const unparsed = count("syntax-error", "syntax-error");
  const unreadable = count("unreadable", "");
  const gaps = [
    unmodeled > 0 ? `${unmodeled} statement(s) it could not model (DO blocks, functions, triggers, dynamic SQL): review them by hand` : "",
    unparsed > 0 ? `${unparsed} statement(s) PostgreSQL's grammar rejects` : "",
    unreadable > 0 ? `${unreadable} file(s) that could not be read` : "",
  ].filter(Boolean);
  return [
    {
      source: "static rules",
      used: true,
      detail: `every statement of the ${checkedMigrations} new migration(s), against the schema replayed from the migrations before them${gaps.length > 0 ? `; not analysed: ${gaps.join("; ")}` : ""}`,
    },
    { source: "drizzle snapshots", used: false, detail: "not run: comparing drizzle-kit's meta/*_snapshot.json with the replayed schema is not built yet" },
    { source: "previous schema file", used: false, detail: "not run: checking the previous release's schema file (Drizzle pgTable) against the new schema is not built yet" },
    { source: "observed on PostgreSQL", used: false, detail: "not run: `rollsafe verify` (applying the migrations on PGlite or a server) is not built yet" },
  ];
}
