// The tags on the commits between two commits, oldest first: the releases of a report's timeline.
import { runGit } from "./run-git.js";

export interface TagAt {
  tag: string;
  commit: string;
}

/**
 * Tags on the commits of `from..to` (reachable from `to`, not from `from`), in topological order,
 * oldest first. Two git processes, whatever the number of tags.
 */
export function tagsBetween(root: string, from: string, to: string): TagAt[] {
  const byCommit = new Map<string, string[]>();
  const refs = runGit(["for-each-ref", "--format=%(objectname) %(*objectname) %(refname:short)", "refs/tags"], root);
  for (const line of refs.split("\n")) {
    const [object, peeled, ...name] = line.split(" ");
    if (!object || name.length === 0) continue;
    const commit = peeled || object;
    byCommit.set(commit, [...(byCommit.get(commit) ?? []), name.join(" ")]);
  }
  const tags: TagAt[] = [];
  for (const commit of runGit(["rev-list", "--reverse", "--topo-order", `${from}..${to}`], root).split("\n").filter(Boolean)) {
    for (const tag of (byCommit.get(commit) ?? []).sort()) tags.push({ tag, commit });
  }
  return tags;
}
