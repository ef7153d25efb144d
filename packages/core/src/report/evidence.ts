// Which evidence a release verdict rests on. Today the static rules are the only source; the Drizzle
// snapshot and previous-schema checks and the real-engine verification are listed as not run, so a
// reader never mistakes a static verdict for an observed one.
import type { Finding } from "../finding.js";

export interface Evidence {
  source: "static rules" | "drizzle snapshots" | "previous schema file" | "observed on PostgreSQL";
  used: boolean;
  detail: string;
}

export function releaseEvidence(checkedMigrations: number, findings: readonly Finding[]): Evidence[] {
  const unmodeled = findings.filter((f) => f.ruleId === "unmodeled-statement").length;
  const unparsed = findings.filter((f) => f.ruleId === "syntax-error").length;
  const gaps = [unmodeled > 0 ? `${unmodeled} statement(s) it could not model (DO blocks, functions): review them by hand` : "", unparsed > 0 ? `${unparsed} statement(s) PostgreSQL's grammar rejects` : ""].filter(Boolean);
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
