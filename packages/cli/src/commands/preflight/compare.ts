// What the database's ledger says against the release-safety artifact: which migrations are pending,
// which applied ones the artifact does not know (ledger divergence), and whether the span from the
// database's current state to the artifact's target is safe. A pure function: no I/O.
import { allSafe, type Verdict } from "@rollsafe/core";
import type { Artifact, ArtifactMigration } from "./artifact.js";
import type { LedgerRow, LedgerState } from "./ledger.js";

export interface PreflightMigration {
  name: string;
  path: string;
  /** The release that adds it (artifacts made with --per-release), else null. */
  release: string | null;
}

export interface PreflightResult {
  ledger: { kind: string; table: string; found: boolean; rows: number };
  target: string;
  /** How many of the artifact's migrations the ledger records as applied. */
  applied: number;
  /** Not applied yet, in the order the tool applies them. */
  pending: PreflightMigration[];
  /** Ledger rows that match no migration of the artifact: applied by hand, by another branch, or by a newer release. */
  unknownApplied: string[];
  /** Applied, but the file's hash or checksum differs from the row's: edited after it was applied. */
  edited: PreflightMigration[];
  /** Never to be applied by the tool: drizzle's migrator skips a migration older than the last applied one. */
  skipped: PreflightMigration[];
  /** Pending migrations ordered before applied ones: they would run after migrations written after them. */
  outOfOrder: PreflightMigration[];
  /** A migration that failed half-way (Prisma's unfinished row, golang-migrate's dirty version). */
  failed: string[];
  /** The release the database is at (a ref of the artifact), when its ledger matches a release boundary. */
  current: string | null;
  /** The upgrade from `current` to the target: the old code running against the migrated schema. */
  span: { safe: Verdict; requiredStops: string[]; reasons: string[] };
  /** Start the new version: `true` only when nothing diverges and the span is safe. */
  ok: Verdict;
  reasons: string[];
}

export function comparePreflight(artifact: Artifact, ledger: LedgerState): PreflightResult {
  const tracked = artifact.migrations.filter((m) => m.ledger !== null);
  const view = (m: ArtifactMigration): PreflightMigration => ({ name: m.name, path: m.path, release: m.release });
  const rows = new Map<string, LedgerRow[]>();
  for (const row of ledger.rows) rows.set(row.id, [...(rows.get(row.id) ?? []), row]);
  const upTo = ledger.upTo !== undefined ? BigInt(ledger.upTo) : undefined;
  const isApplied = (m: ArtifactMigration) => (upTo !== undefined ? BigInt(m.ledger!.id) <= upTo && !rows.get(m.ledger!.id)?.some((r) => r.state === "failed") : (rows.get(m.ledger!.id) ?? []).some((r) => r.state === "applied"));
  const applied = tracked.filter(isApplied);
  const known = new Set(tracked.map((m) => m.ledger!.id));

  const edited = applied.filter((m) => {
    const hashes = (rows.get(m.ledger!.id) ?? []).filter((r) => r.state === "applied" && r.hash !== undefined).map((r) => r.hash!);
    const expected = m.ledger!.hash !== null ? [m.ledger!.hash] : (m.ledger!.checksums ?? []);
    return hashes.length > 0 && expected.length > 0 && !hashes.some((h) => expected.includes(h));
  });
  const unknownApplied = [...rows.keys()].filter((id) => !known.has(id) && rows.get(id)!.some((r) => r.state !== "rolled-back"));
  if (upTo !== undefined && !known.has(ledger.upTo!)) unknownApplied.push(ledger.upTo!);
  const failed = [...rows.values()].flat().filter((r) => r.state === "failed").map((r) => r.id);

  // drizzle applies only migrations newer (by the journal's `when`) than the newest applied one.
  const newest = ledger.kind === "drizzle" ? Math.max(-Infinity, ...ledger.rows.map((r) => Number(r.id))) : undefined;
  const notApplied = tracked.filter((m) => !isApplied(m));
  const skipped = newest !== undefined ? notApplied.filter((m) => Number(m.ledger!.id) <= newest) : [];
  const pending = notApplied.filter((m) => !skipped.includes(m));
  const lastApplied = Math.max(-1, ...applied.map((m) => tracked.indexOf(m)));
  const outOfOrder = pending.filter((m) => tracked.indexOf(m) < lastApplied);

  const fresh = applied.length === 0 && ledger.rows.length === 0 && upTo === undefined;
  const position: Position = fresh
    ? { current: null, safe: true, requiredStops: [], reasons: [`nothing is applied yet (${ledger.found ? `${ledger.table} is empty` : `no ${ledger.table}`}): a fresh install, no previous release runs against this database`] }
    : placeDatabase(artifact, tracked, pending, outOfOrder);
  const reasons: string[] = [];
  if (unknownApplied.length > 0) reasons.push(`the ledger records ${unknownApplied.length} migration(s) this release does not have (${list(unknownApplied)}): a downgrade, a migration applied by hand, or another branch`);
  if (edited.length > 0) reasons.push(`${edited.length} applied migration(s) differ from their file (${list(edited.map((m) => m.name))}): edited after they were applied`);
  if (skipped.length > 0) reasons.push(`drizzle's migrator will never apply ${list(skipped.map((m) => m.name))}: ${skipped.length === 1 ? "it is" : "they are"} older than the newest applied migration (journal \`when\`)`);
  if (failed.length > 0) reasons.push(`${list(failed)} failed half-way: resolve it before deploying (prisma migrate resolve, migrate force)`);
  const diverges = unknownApplied.length + edited.length + skipped.length + failed.length > 0;
  return {
    ledger: { kind: ledger.kind, table: ledger.table, found: ledger.found, rows: ledger.rows.length + (upTo !== undefined && ledger.rows.length === 0 ? 1 : 0) },
    target: artifact.to.ref,
    applied: applied.length,
    pending: pending.map(view),
    unknownApplied,
    edited: edited.map(view),
    skipped: skipped.map(view),
    outOfOrder: outOfOrder.map(view),
    failed,
    current: position.current,
    span: { safe: position.safe, requiredStops: position.requiredStops, reasons: position.reasons },
    ok: diverges ? false : position.safe,
    reasons: [...reasons, ...position.reasons],
  };
}

interface Position {
  current: string | null;
  safe: Verdict;
  requiredStops: string[];
  reasons: string[];
}

/**
 * Where the database stands in the artifact's releases, and the verdict of the upgrade from there.
 * The span is judged only from a release boundary the artifact has a verdict for: exactly at `from`
 * (the artifact's own verdict, the range as a whole) or at a release between (the steps after it,
 * with --per-release). Anywhere else it is "unknown".
 */
function placeDatabase(artifact: Artifact, tracked: readonly ArtifactMigration[], pending: readonly ArtifactMigration[], outOfOrder: readonly ArtifactMigration[]): Position {
  const unknown = (reason: string, current: string | null = null): Position => ({ current, safe: "unknown", requiredStops: [], reasons: [reason] });
  if (pending.length === 0) return { current: artifact.to.ref, safe: true, requiredStops: [], reasons: [] };
  if (outOfOrder.length > 0) return unknown(`${list(outOfOrder.map((m) => m.name))} would run after migrations ordered after ${outOfOrder.length === 1 ? "it" : "them"}: the artifact's verdicts assume the order of the files`);
  const first = tracked.indexOf(pending[0]!);
  if (!pending[0]!.inRange) {
    return unknown(`the database is older than the artifact's range (${pending[0]!.name} is pending, and ${artifact.from.ref} already has it): make the artifact from the database's release (rollsafe report <that release>..${artifact.to.ref} --per-release --format release-safety)`);
  }
  const inRange = tracked.filter((m) => m.inRange);
  if (first === tracked.indexOf(inRange[0]!)) {
    const reasons = artifact.reasons.filter(affectsUpdate).map((r) => `${r.at}: ${r.message}`);
    const stops = artifact.releases ? artifact.releases.slice(0, -1).filter((r) => r.compatibility.rollingUpdateSafe !== true).map((r) => r.to) : [];
    return { current: artifact.from.ref, safe: artifact.compatibility.rollingUpdateSafe, requiredStops: stops, reasons: artifact.compatibility.rollingUpdateSafe === true ? [] : reasons };
  }
  if (!artifact.releases) return unknown(`the database is inside the range ${artifact.from.ref}..${artifact.to.ref} (${pending[0]!.name} is the first pending migration), and the artifact has no per-release verdicts: make it with --per-release`);
  const k = artifact.releases.findIndex((r) => r.to === pending[0]!.release);
  const release = artifact.releases[k];
  if (!release || !tracked.filter((m) => m.release === release.to).every((m) => pending.includes(m))) {
    return unknown(`the database stopped inside release ${pending[0]!.release ?? "?"} (${pending[0]!.name} is pending, earlier migrations of that release are applied): the artifact has verdicts for whole releases only`);
  }
  const steps = artifact.releases.slice(k);
  const safe = allSafe(steps.map((s) => s.compatibility.rollingUpdateSafe));
  const stops = steps.slice(0, -1).filter((s) => s.compatibility.rollingUpdateSafe !== true).map((s) => s.to);
  const reasons = steps.flatMap((s) => s.reasons.filter(affectsUpdate).map((r) => `${s.from}..${s.to}: ${r.at}: ${r.message}`));
  return { current: release.from, safe, requiredStops: stops, reasons: safe === true ? [] : reasons };
}

/** The reasons behind `rollingUpdateSafe` (not those of the new code on the old schema). */
function affectsUpdate(reason: Artifact["reasons"][number]): boolean {
  return reason.affects.includes("rollingUpdateSafe");
}

function list(items: readonly string[]): string {
  return items.length > 5 ? `${items.slice(0, 5).join(", ")} and ${items.length - 5} more` : items.join(", ");
}
