// Which evidence a release verdict rests on: the static rules; drizzle-kit's snapshots when the release's
// folder has them (compared with the SQL by the snapshot checks); the previous schema file and the
// real-engine verification are listed as not run, so a reader never mistakes a static verdict for an
// observed one.
import { docsPageUrl } from "../docs-url.js";
import type { Finding } from "../finding.js";
import type { UnanalysedStatement } from "../lint.js";
import type { CodeEvidence } from "./code-evidence.js";
import { codeSchemaLabel, type CodeSchema } from "./code-schema.js";

export interface Evidence {
  source: "static rules" | "drizzle snapshots" | "previous schema file" | "observed on PostgreSQL";
  used: boolean;
  detail: string;
}

/**
 * `unanalysed` (the engine's list) counts whatever severity the analysis rules are configured at.
 * `drizzleSnapshots`: the release's migrations are in a drizzle-kit folder with snapshots (they were compared).
 */
export function releaseEvidence(checkedMigrations: number, findings: readonly Finding[], unanalysed?: readonly UnanalysedStatement[], drizzleSnapshots = false, code?: { schema: CodeSchema; evidence: readonly CodeEvidence[] }): Evidence[] {
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
    drizzleSnapshots
      ? { source: "drizzle snapshots", used: true, detail: `each new migration's drizzle-kit snapshot compared with the schema replayed from the SQL, and the snapshot chain: ${findings.filter((f) => f.ruleId === "snapshot-drift" || f.ruleId === "broken-snapshot-chain").length} finding(s)` }
      : { source: "drizzle snapshots", used: false, detail: "not run: the release's migrations have no drizzle-kit snapshots" },
    code
      ? { source: "previous schema file", used: true, detail: codeDetail(code.schema, code.evidence) }
      : { source: "previous schema file", used: false, detail: `not run: no Drizzle schema file (drizzle.config's schema) or schema.prisma was found at the previous release, so the SQL alone decides (${docsPageUrl("report.md#code-evidence")})` },
    { source: "observed on PostgreSQL", used: false, detail: "not run: `rollsafe report --verify` applies the release's migrations on PGlite and confirms the breaking changes from the real catalog" },
  ];
}

/** `v3.3.0's lib/db/schema.ts read: 1 break the previous code cannot hit (...); 1 it still uses (...)`. */
function codeDetail(schema: CodeSchema, evidence: readonly CodeEvidence[]): string {
  const at = (e: CodeEvidence) => `${e.finding.ruleId} at ${e.finding.path}:${e.finding.range.start.line}: ${e.because}`;
  const cleared = evidence.filter((e) => e.cleared);
  const kept = evidence.filter((e) => !e.cleared);
  const parts = [`${codeSchemaLabel(schema)} read (${Object.keys(schema.tables).length} table(s))`];
  if (evidence.length === 0) parts.push("no breaking finding it can decide");
  if (cleared.length > 0) parts.push(`${cleared.length} break(s) the previous code cannot hit, not counted against rollback: ${cleared.map(at).join("; ")}`);
  if (kept.length > 0) parts.push(`${kept.length} break(s) it still hits: ${kept.map(at).join("; ")}`);
  return parts.join("; ");
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

/** The evidence entry for what verify observed (it replaces the "not run" one). */
export function observedEvidence(observed: ObservedEvidence): Evidence {
  return { source: "observed on PostgreSQL", used: true, detail: observedDetail(observed) };
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
