// `rollsafe report --format release-safety`: the small, stable document deploy automation gates on
// (docs/release-safety.md; JSON Schema: packages/cli/schemas/release-safety.schema.json).
import type { Compatibility, CompatibilityReason, Evidence } from "@rollsafe/core";
import type { ReportRun } from "../commands/report/run.js";
import type { TimelineEntry } from "../commands/report/timeline.js";
import { codeEvidenceJson } from "./report-model.js";

/** Bump on any change that removes a field or changes its meaning (and ship the new schema with it). */
export const RELEASE_SAFETY_SCHEMA_VERSION = 1;

type Verdicts = "rollbackSafe" | "rollingUpdateSafe" | "newCodeOldSchema";

const EVIDENCE_KEYS: Record<Evidence["source"], "static" | "snapshots" | "previousSchema" | "verify"> = {
  "static rules": "static",
  "drizzle snapshots": "snapshots",
  "previous schema file": "previousSchema",
  "observed on PostgreSQL": "verify",
};

export function releaseSafetyDocument(run: ReportRun, version: string) {
  const { decision, score } = run.assessment;
  const order = new Map(run.all.map((m, i) => [m.path, i]));
  const checked = { static: false, snapshots: false, previousSchema: false, verify: false };
  for (const e of run.assessment.evidence) if (EVIDENCE_KEYS[e.source]) checked[EVIDENCE_KEYS[e.source]] = e.used;
  return {
    schemaVersion: RELEASE_SAFETY_SCHEMA_VERSION,
    generator: { name: "rollsafe", version },
    from: run.from,
    to: run.to,
    dir: run.dir,
    source: run.source,
    migrations: run.all.map((m) => ({ name: m.name, path: m.path, inRange: m.inRange, release: m.release ?? null, ledger: m.ledger ? { id: m.ledger.id, hash: m.ledger.hash ?? null, checksums: m.ledger.checksums ?? null } : null })),
    compatibility: verdicts(run.assessment.compatibility),
    path: decision.path,
    score: score.score,
    grade: score.grade,
    checked,
    reasons: reasons(run.assessment.compatibility, order),
    codeEvidence: codeEvidenceJson(run.assessment.codeEvidence),
    ...(run.perRelease ? { releases: run.timeline.map((t) => releaseStep(t, order)), span: run.span ?? null } : {}),
  };
}

export function formatReleaseSafety(run: ReportRun, version: string): string {
  return `${JSON.stringify(releaseSafetyDocument(run, version), null, 2)}\n`;
}

export type ReleaseSafetyDocument = ReturnType<typeof releaseSafetyDocument>;

function verdicts(c: Compatibility) {
  const direction = (d: Compatibility["oldCodeNewSchema"]) => ({ safe: d.safe, deployOrder: d.deployOrder, assumes: d.assumes });
  return { rollbackSafe: c.rollbackSafe, rollingUpdateSafe: c.rollingUpdateSafe, oldCodeNewSchema: direction(c.oldCodeNewSchema), newCodeOldSchema: direction(c.newCodeOldSchema), safeDeployOrder: c.safeDeployOrder };
}

/**
 * Every reason once, with the verdicts it affects: a break of the previous code affects rollback and
 * the rolling update; a statement the new code needs affects `newCodeOldSchema`; a statement that
 * could not be analysed affects all three.
 */
function reasons(c: Compatibility, order: ReadonlyMap<string, number>) {
  const byKey = new Map<string, { reason: CompatibilityReason; affects: Set<Verdicts> }>();
  const add = (r: CompatibilityReason, affects: Verdicts[]) => {
    const key = `${r.verdict}\u0000${r.path}\u0000${r.line ?? ""}\u0000${r.ruleId ?? ""}\u0000${r.message}`;
    const entry = byKey.get(key) ?? { reason: r, affects: new Set<Verdicts>() };
    for (const a of affects) entry.affects.add(a);
    byKey.set(key, entry);
  };
  for (const r of c.oldCodeNewSchema.reasons) add(r, ["rollbackSafe", "rollingUpdateSafe"]);
  for (const r of c.newCodeOldSchema.reasons) add(r, ["newCodeOldSchema"]);
  const place = (r: CompatibilityReason) => [order.get(r.path) ?? -1, r.line ?? 0] as const;
  const sorted = [...byKey.values()].sort((a, b) => {
    const [pa, la] = place(a.reason);
    const [pb, lb] = place(b.reason);
    return pa - pb || la - lb;
  });
  return sorted.map(({ reason: r, affects }) => ({
    verdict: r.verdict,
    affects: (["rollbackSafe", "rollingUpdateSafe", "newCodeOldSchema"] as const).filter((a) => affects.has(a)),
    at: r.line !== undefined ? `${r.path}:${r.line}` : r.path,
    path: r.path,
    line: r.line ?? null,
    ruleId: r.ruleId ?? null,
    message: r.message,
  }));
}

function releaseStep(t: TimelineEntry, order: ReadonlyMap<string, number>) {
  return { from: t.from, to: t.to, sha: t.sha, migrations: t.paths, compatibility: verdicts(t.compatibility), path: t.path, score: t.score, grade: t.grade, reasons: reasons(t.compatibility, order) };
}
