// blameLines on real repositories: which lines a branch changed since the merge base, by which commit,
// and lines that are not committed (edited, or in a file git does not track yet).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blameLines, commitsSince } from "@rollsafe/core";
import { commitAll, git, repoWithMain, writeFiles } from "./support/git-repo.js";

describe("blameLines", () => {
  it("tells lines older than the merge base from the branch's commits and from uncommitted edits", () => {
    const dir = repoWithMain({ "m/1.sql": "a;\nb;\nc;\n" });
    const base = git(dir, "rev-parse", "HEAD").trim();
    writeFiles(dir, { "m/1.sql": "a;\n/* compat:\n   x */\nc;\n" });
    commitAll(dir, "branch");
    const branch = git(dir, "rev-parse", "HEAD").trim();
    writeFiles(dir, { "m/1.sql": "a;\n/* compat:\n   y */\nc;\n" });
    const blamed = blameLines(dir, "m/1.sql", { contents: join(dir, "m/1.sql") }, base, [1, 2, 3, 4]);
    expect([1, 2, 3, 4].map((line) => { const b = blamed.get(line)!; return [line, b.boundary, b.commit?.slice(0, 7)]; })).toEqual([
      [1, true, base.slice(0, 7)],
      [2, false, branch.slice(0, 7)],
      [3, false, undefined],
      [4, true, base.slice(0, 7)],
    ]);
    expect(blamed.get(2)!.committedAt).toBe(Number(git(dir, "log", "-1", "--format=%ct", branch).trim()));
    // The same file as the branch's commit has it.
    expect(blameLines(dir, "m/1.sql", { commit: branch }, base, [3]).get(3)!.commit).toBe(branch);
  });

  it("has no committed line in a file git does not track", () => {
    const dir = repoWithMain({ "m/1.sql": "a;\n" });
    const base = git(dir, "rev-parse", "HEAD").trim();
    writeFileSync(join(dir, "m/2.sql"), "x;\ny;\n");
    const blamed = blameLines(dir, "m/2.sql", { contents: join(dir, "m/2.sql") }, base, [1, 2]);
    expect([...blamed.values()].map((b) => [b.commit, b.boundary])).toEqual([
      [undefined, false],
      [undefined, false],
    ]);
  });
});

describe("commitsSince", () => {
  it("lists what a commit contains since the merge base; nothing for an unknown or malformed id", () => {
    const dir = repoWithMain({ "m/1.sql": "a;\n" });
    const base = git(dir, "rev-parse", "HEAD").trim();
    writeFiles(dir, { "m/2.sql": "b;\n" });
    commitAll(dir, "one");
    const one = git(dir, "rev-parse", "HEAD").trim();
    writeFiles(dir, { "m/3.sql": "c;\n" });
    commitAll(dir, "two");
    const two = git(dir, "rev-parse", "HEAD").trim();
    expect(commitsSince(dir, one, base)).toEqual(new Set([one]));
    expect(commitsSince(dir, two, base)).toEqual(new Set([one, two]));
    expect(commitsSince(dir, "f".repeat(40), base)).toBeUndefined();
    expect(commitsSince(dir, "--all", base)).toBeUndefined();
  });
});
