// The rollback plan: from which release to which, the assessment of the migrations between them
// (the report's own machinery, DESIGN.md §6), the path it decides, and the exact steps. Planning runs
// nothing but read-only git, and the previous-release command when `--to` is not given.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import {
  buildRunbook,
  ConfigError,
  countUnanalysed,
  nameUnanalysed,
  failureClass,
  GitCommandError,
  isSafePath,
  lintRelease,
  locateRelease,
  resolveCommit,
  runGit,
  type Finding,
  type ProjectReaders,
  type RefAt,
  type ReleaseAssessment,
  type RollbackPath,
  type RollsafeConfig,
  type Runbook,
  type Verdict,
} from "@rollsafe/core";
import type { SourceKind, SourceProblem } from "@rollsafe/parser";
import { lintOptionsFromConfig } from "@rollsafe/rules";
import { refProblem } from "../refs/check-ref.js";
import { previousRelease } from "../refs/previous-release.js";
import type { StepRecord } from "../run/step-record.js";
import { notifyStep, rollbackSteps, type PlanStep } from "./steps.js";
import { shellSyntaxWarnings } from "./shell-syntax.js";
import { checkTarget, targetRunbook, type TargetCheck } from "./target-check.js";

export interface PlanInput {
  cwd: string;
  config: RollsafeConfig;
  /** The folder the config file is in: commands run there, and relative paths resolve from it. */
  baseDir: string;
  /** The release to roll back from (default: the checkout of the release that went bad, `HEAD`, named by its tag when it has one). */
  from?: string;
  /** The release to roll back to (default: the previous release). */
  to?: string;
  /** The migrations folder (default: the config's, or a usual folder). */
  path?: string;
  source?: SourceKind;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Lines the previous-release command prints on stderr. */
  onLine?: (line: string) => void;
  /**
   * Run a safe path whose verdict is "unknown" (statements the rules could not analyse): only after a
   * person has reviewed them (`--allow-unknown`, recorded in the audit record).
   */
  allowUnknown?: boolean;
  /** The migrations folder and the previous release's code schema, as the CLI reads them (drizzle.config, schema.prisma). */
  readers?: ProjectReaders;
}

export interface RollbackPlan {
  /** The release rolled back from (the current one) and the one rolled back to. */
  from: RefAt;
  to: RefAt;
  /** How the target was chosen: `--to`, a tag, or the previous-release command. */
  toChosenBy: string;
  /** The migrations folder, relative to the working directory. */
  dir: string;
  /** The migrations `from` has and `to` does not (display paths), and how many earlier ones were replayed. */
  migrations: { checked: string[]; history: number };
  findings: Finding[];
  problems: SourceProblem[];
  assessment: ReleaseAssessment;
  path: RollbackPath;
  /** Whether the previous release runs against the new schema: true, false, or "unknown" (something could not be analysed). */
  verdict: Verdict;
  /**
   * True on the two paths the executor runs (service-rollback, schema-compatible-rollback), when the
   * verdict is true, or "unknown" with `allowUnknown`.
   */
  executable: boolean;
  /** Why the path is refused (roll-forward, migration-down, disaster-recovery). */
  refusal?: string;
  steps: PlanStep[];
  finally: PlanStep[];
  /** The runbook for a human: what to do on a refused path, and what the steps do on a safe one. */
  runbook: Runbook;
  /** The notification (rollback.notify), on a refused path too: `--execute` sends the refusal. */
  notify?: PlanStep;
  /** The tags on the two commits, when a tag names them (`to` may be a commit id a deploy history printed). */
  tags: { from?: string; to?: string };
  /** The release's failure class, as the report's runbook names it (`breaking schema change (dropping-column)`). */
  failureClass: string;
  /** The previous-release command's record, when one ran. */
  lookup?: StepRecord;
  /** Set when the target is not an ancestor of `from` or brings back migrations nothing assessed: never executable. */
  targetRefused?: TargetCheck;
  warnings: string[];
}

/** A ref the run refuses: a usage error (exit 2), recorded in the audit log. */
export function checkedRef(cwd: string, ref: string, flag: string): string {
  const problem = refProblem(cwd, ref);
  if (problem) throw new ConfigError(`rollback: ${flag} ${JSON.stringify(ref)} is refused: ${problem}; nothing was run`);
  return ref;
}

export async function planRollback(input: PlanInput): Promise<RollbackPlan> {
  const config = input.config;
  const rollback = config.rollback ?? {};
  // Refs from the command line are checked before anything else runs.
  if (input.from !== undefined) checkedRef(input.cwd, input.from, "--from");
  if (input.to !== undefined) checkedRef(input.cwd, input.to, "--to");
  const located = locateRelease({ cwd: input.cwd, config, baseDir: input.baseDir, command: "rollback", ...(input.readers?.migrationsDir ? { findDir: input.readers.migrationsDir } : {}), ...(input.path !== undefined ? { path: input.path } : {}), ...(input.source ? { source: input.source } : {}) });
  const root = located.layout.root;
  // Without --from, the checkout is the release that went bad: named by its tag when it has one.
  const fromRef = input.from ?? checkedRef(root, tagAt(root, "HEAD") ?? "HEAD", "the current release");
  const from: RefAt = { ref: fromRef, sha: resolveCommit(root, fromRef, "rollback --from") };

  let toRef = input.to;
  let toChosenBy = "--to";
  let lookup: StepRecord | undefined;
  if (toRef === undefined) {
    const found = await previousRelease(from, rollback.previousRelease, { root, cwd: input.baseDir, env: input.env, ...(input.signal ? { signal: input.signal } : {}), ...(rollback.timeouts?.previousRelease !== undefined ? { timeoutSeconds: rollback.timeouts.previousRelease } : {}), ...(input.onLine ? { onLine: input.onLine } : {}) });
    // What a command printed is checked like a ref typed on the command line.
    toRef = checkedRef(root, found.ref, "the previous release");
    toChosenBy = found.how;
    lookup = found.lookup;
  }
  const to: RefAt = { ref: toRef, sha: resolveCommit(root, toRef, "rollback --to") };
  if (to.sha === from.sha) throw new ConfigError(`rollback: ${to.ref} and ${from.ref} are the same commit (${to.sha.slice(0, 12)}): nothing to roll back`);

  const warnings: string[] = [];
  // A target the assessment does not cover is refused, whatever the path (plan/target-check.ts).
  const targetRefused = checkTarget(root, from, to, located.layout.dir);
  warnings.push(...shellSyntaxWarnings(rollback));

  // The report's assessment of the release being rolled back: the range to..from.
  // The target's code schema: its evidence clears the breaks the code rolled back to cannot hit.
  const linted = await withScratch(async (scratch) => {
    const codeSchema = await input.readers?.codeSchema?.({ root, cwd: located.cwd, ref: to.ref, commit: to.sha, scratch });
    return lintRelease(located.layout, { from: to, to: from }, lintOptionsFromConfig(config), undefined, codeSchema);
  });
  const { assessment } = linted;
  const path = assessment.decision.path;
  const releaseClass = targetRefused ? "target not assessed" : failureClass(assessment);
  const runbook = buildRunbook({ path, from: to, to: from, failureClass: failureClass(assessment), unanalysed: assessment.decision.unanalysed, rollback });
  const verdict = targetRefused ? "unknown" : assessment.decision.verdict;
  const executable = !targetRefused && isSafePath(path) && (verdict === true || (verdict === "unknown" && input.allowUnknown === true));
  const context = { from, to, root, commandDir: input.baseDir, relativeCwd: located.layout.cwd, resolvePath: (p: string) => resolve(input.baseDir, p) };
  const lists = executable ? rollbackSteps(rollback, context) : { steps: [], finally: [] };
  const notify = notifyStep(rollback, context);
  const tags = { ...tagField("from", tagAt(root, from.sha)), ...tagField("to", tagAt(root, to.sha)) };
  if (executable && !rollback.deploy) warnings.push("rollback.deploy is not configured: --execute refuses to run without a deploy command");
  for (const p of linted.problems) warnings.push(`${p.path}: ${p.message}`);
  const plan: RollbackPlan = {
    from,
    to,
    toChosenBy,
    dir: relative(located.cwd, located.dirAbs) || ".",
    migrations: { checked: linted.release.checked.migrations.map((m) => m.path), history: linted.history },
    findings: linted.findings,
    problems: linted.problems,
    assessment,
    path,
    verdict,
    executable,
    steps: lists.steps,
    finally: lists.finally,
    runbook: targetRefused ? targetRunbook(runbook, from, to) : runbook,
    tags,
    failureClass: releaseClass,
    warnings,
  };
  if (notify) plan.notify = notify;
  if (targetRefused) plan.targetRefused = targetRefused;
  if (!executable) plan.refusal = targetRefused?.refusal ?? (isSafePath(path) ? refusalOfUnknown(assessment) : `${refusalOf(path)}${evidenceNote(assessment)}`);
  else if (verdict === "unknown") warnings.push(`--allow-unknown: ${countUnanalysed(assessment.decision.unanalysed)} the rules could not analyse (${nameUnanalysed(assessment.decision.unanalysed)}) were reviewed by a person, who chose to run ${path}`);
  if (lookup) plan.lookup = lookup;
  return plan;
}

async function withScratch<T>(run: (scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), "rollsafe-rollback-"));
  try {
    return await run(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The code evidence the refusal names: what the target's code schema says of each break. */
function evidenceNote(assessment: ReleaseAssessment): string {
  const items = assessment.codeEvidence.map((e) => `${e.finding.ruleId} at ${e.finding.path}:${e.finding.range.start.line}: ${e.because}${e.cleared ? " (not a break for it)" : ""}`);
  return items.length > 0 ? ` Code evidence: ${items.join("; ")}.` : "";
}

function refusalOf(path: RollbackPath): string {
  const why: Record<string, string> = {
    "roll-forward": "the previous code cannot run against the new schema: redeploying it would break the service. Ship a fix forward",
    "migration-down": "down migrations destroy data and need a human's approval: use `rollsafe migrate-down --steps 1 --approved-by <name> --reason <text>` one step at a time",
    "disaster-recovery": "the release destroyed data that no rollback brings back: recovery from a backup or PITR is never automated",
  };
  return `rollsafe rollback runs only service-rollback and schema-compatible-rollback; this release's path is ${path}: ${why[path]}. --execute never overrides this.`;
}

function tagField(key: "from" | "to", tag: string | undefined): { from?: string; to?: string } {
  return tag ? { [key]: tag } : {};
}

/** The tag on a commit (`git describe --tags --exact-match`), if it has one. */
function tagAt(root: string, commit: string): string | undefined {
  try {
    return runGit(["describe", "--tags", "--exact-match", commit], root).trim() || undefined;
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}

/** A safe path whose verdict is unknown: nothing proves a break, and nothing proves it safe either. */
function refusalOfUnknown(assessment: ReleaseAssessment): string {
  const { unanalysed, path } = assessment.decision;
  return `the verdict is unknown: ${countUnanalysed(unanalysed)} could not be analysed (${nameUnanalysed(unanalysed)}), so nothing proves that the previous release runs against the new schema. Review ${unanalysed.length === 1 ? "it" : "them"}; if ${unanalysed.length === 1 ? "it is" : "they are"} harmless, run again with --allow-unknown (recorded in the audit record) to take ${path}; if not, roll forward.`;
}
