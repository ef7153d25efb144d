// Which evidence a release verdict rests on. Today the static rules are the only source; the Drizzle
// snapshot and previous-schema checks and the real-engine verification are listed as not run, so a
// reader never mistakes a static verdict for an observed one.
import type { Finding } from "../finding.js";

export interface Evidence {
  source: "static rules" | "drizzle snapshots" | "previous schema file" | "observed on PostgreSQL";
  used: boolean;
  detail: string;
}

/** What `rollsafe verify` observed for the release (`rollsafe report --verify`). */
export interface ObservedEvidence {
  /** `PostgreSQL 18.7 (PGlite)`. */
  engine: string;
  /** The breaking catalog changes observed, each with whether a static rule reported the same object. */
  breaking: Array<{ detail: string; reported: boolean }>;
  /** The statement that failed to apply, as `path:line:column: message`. */
  failure?: string;
  /** Statements not verifiable on this engine (a missing extension). */
  notVerifiable: number;
}

export function releaseEvidence(checkedMigrations: number, findings: readonly Finding[], observed?: ObservedEvidence): Evidence[] {
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
    observed ? { source: "observed on PostgreSQL", used: true, detail: observedDetail(observed) } : { source: "observed on PostgreSQL", used: false, detail: "not run: `rollsafe report --verify` applies the release's migrations on PGlite and confirms the breaking changes from the real catalog" },
  ];
}

function observedDetail(observed: ObservedEvidence): string {
  if (observed.failure) return `on ${observed.engine} the release's migrations do not apply: ${observed.failure}`;
  const confirmed = observed.breaking.filter((b) => b.reported).length;
  const unreported = observed.breaking.filter((b) => !b.reported).map((b) => b.detail);
  const parts = [`the release's migrations apply on ${observed.engine}`, `${observed.breaking.length} breaking catalog change(s) observed, ${confirmed} of them reported by the static rules`];
  if (unreported.length > 0) parts.push(`not reported by any rule: ${unreported.join("; ")}`);
  if (observed.notVerifiable > 0) parts.push(`${observed.notVerifiable} statement(s) need an extension the engine lacks`);
  return parts.join("; ");
}
