// Whether the assessment covers the target: the plan assesses the migrations the deployed release
// (`from`) has and the target (`to`) does not. That only describes the rollback when the target is an
// ancestor of the deployed release and brings back no migration of its own; otherwise what the target
// would change was never assessed, and unknown is never safe.
import { GitCommandError, runGit, treeEntries, type RefAt, type Runbook } from "@rollsafe/core";

export interface TargetCheck {
  /** Why the target is refused: the sentence the plan prints after "Refused:". */
  refusal: string;
  /** The migration files the target has and the deployed release does not (repository paths). */
  unassessed: string[];
}

/**
 * Undefined when the target can be rolled back to: an ancestor of `from` whose migrations folder holds
 * no file that `from` lacks. `dir` is the migrations folder relative to the repository root.
 */
export function checkTarget(root: string, from: RefAt, to: RefAt, dir: string): TargetCheck | undefined {
  const before = new Set(treeEntries(root, from.sha, dir).map((e) => e.path));
  const unassessed = treeEntries(root, to.sha, dir).map((e) => e.path).filter((p) => !before.has(p));
  const report = `\`rollsafe report ${from.ref}..${to.ref}\` assesses them`;
  const files = unassessed.length > 0 ? `: ${unassessed.length} migration file(s) ${to.ref} has and ${from.ref} does not (${unassessed.join(", ")}) were not assessed; ${report}` : "";
  if (!isAncestor(root, to.sha, from.sha)) {
    const relation = isAncestor(root, from.sha, to.sha) ? `${to.ref} descends from ${from.ref} (a newer release): deploying it is a roll-forward, not a rollback` : `${to.ref} is not an ancestor of ${from.ref} (another line of history)`;
    return { refusal: `${relation}. rollsafe rollback only goes back to a release that ${from.ref} was built on${files || `; what ${to.ref} changes was not assessed`}. --execute never overrides this.`, unassessed };
  }
  if (unassessed.length > 0) return { refusal: `${to.ref} is an ancestor of ${from.ref}, but ${from.ref} removed or renamed migration files${files}. --execute never overrides this.`, unassessed };
  return undefined;
}

/** The runbook of a refused target: assess it, or pick a release the deployed one was built on. */
export function targetRunbook(assessed: Runbook, from: RefAt, to: RefAt): Runbook {
  return {
    path: assessed.path,
    steps: [
      { title: `Do not deploy ${to.ref} as a rollback`, detail: `Nothing assessed what ${to.ref} would do to the schema of ${from.ref}.`, commands: [] },
      { title: `Assess ${to.ref}`, detail: `If ${to.ref} is meant to be deployed, assess it as the release it is, and deploy it through the usual release process.`, commands: [["rollsafe", "report", `${from.ref}..${to.ref}`]] },
      { title: "Pick the release to roll back to", detail: `Roll back to a release ${from.ref} was built on (usually the one deployed before it): the tags it contains, newest first.`, commands: [["git", "tag", "--merged", from.sha, "--sort=-creatordate"]] },
    ],
    note: `Rollback from ${from.ref} to ${to.ref} refused: ${to.ref} is not a release ${from.ref} was built on, and what it changes was not assessed.`,
  };
}

/** `git merge-base --is-ancestor` (exit 1 means no). */
function isAncestor(root: string, ancestor: string, commit: string): boolean {
  try {
    runGit(["merge-base", "--is-ancestor", ancestor, commit], root);
    return true;
  } catch (error) {
    if (error instanceof GitCommandError && error.status === 1) return false;
    throw error;
  }
}
