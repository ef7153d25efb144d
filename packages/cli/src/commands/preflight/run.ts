// `rollsafe preflight`: the library function (a typed result) and nothing about printing.
import { resolve } from "node:path";
import { ConfigError } from "@rollsafe/core";
import { readArtifact } from "./artifact.js";
import { comparePreflight, type PreflightResult } from "./compare.js";
import { LEDGER_KINDS, readLedger, type LedgerKind } from "./ledger.js";

export interface PreflightOptions {
  databaseUrl: string;
  /** The release-safety artifact of the release about to start. */
  artifact: string;
  /** The ledger table, when not the tool's default (drizzle's `migrations.table`, golang-migrate's `x-migrations-table`, ...). */
  ledgerTable?: string;
  cwd: string;
}

export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const artifact = readArtifact(resolve(options.cwd, options.artifact));
  const kind = artifact.source;
  if (!kind || !(LEDGER_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(`preflight: the artifact's migrations are ${kind ? `"${kind}"` : "none"}: preflight reads the ledger of ${LEDGER_KINDS.join(", ")} (plain SQL folders keep none)`);
  }
  const ledger = await readLedger(options.databaseUrl, kind as LedgerKind, options.ledgerTable);
  return comparePreflight(artifact, ledger);
}

/** 0 when the new version may start, 1 when it may not; "unknown" is 1 unless allowed. */
export function preflightExitCode(result: PreflightResult, allowUnknown = false): 0 | 1 {
  return result.ok === true || (result.ok === "unknown" && allowUnknown) ? 0 : 1;
}
