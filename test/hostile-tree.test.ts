// A commit built by hand (`git mktree`) can hold tree entries named `..`. report and rollback copy a
// release's migrations out of git into a scratch folder: such an entry must be refused, never written
// outside that folder.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSafeTreePath, UnsafeTreePathError, writeTreeFiles } from "@rollsafe/core";
import { gitRepo, type Repo } from "./support/git-repo.js";
import { runCli } from "./support/run-cli.js";

/** `git mktree` of `<mode> <type> <id>\t<name>` lines: the tree id. */
function mktree(repo: Repo, entries: string[]): string {
  return execFileSync("git", ["mktree"], { cwd: repo.dir, input: `${entries.join("\n")}\n`, encoding: "utf8" }).trim();
}

function blob(repo: Repo, text: string): string {
  return execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo.dir, input: text, encoding: "utf8" }).trim();
}

/**
 * Tags `hostile`: the v1.0.0 tree plus `migrations/../../../pwned.sql`, which a plain `join(scratch,
 * commit, path)` would write three folders above the commit's scratch folder: into TMPDIR itself.
 */
function hostileRelease(repo: Repo): void {
  let tree = mktree(repo, [`100644 blob ${blob(repo, "DROP TABLE users;\n")}\tpwned.sql`]);
  for (let i = 0; i < 2; i++) tree = mktree(repo, [`040000 tree ${tree}\t..`]);
  const init = repo.git("rev-parse", "v1.0.0:migrations/001_init.sql").trim();
  const migrations = mktree(repo, [`100644 blob ${init}\t001_init.sql`, `040000 tree ${tree}\t..`]);
  const root = mktree(repo, [`040000 tree ${migrations}\tmigrations`]);
  const commit = execFileSync("git", ["commit-tree", root, "-p", "HEAD", "-m", "hostile"], { cwd: repo.dir, encoding: "utf8" }).trim();
  repo.git("tag", "hostile", commit);
}

describe("tree entries that leave the scratch folder", () => {
  it("report and rollback refuse the commit (exit 2, one line) and write nothing outside the scratch folder", () => {
    const repo = gitRepo();
    repo.commit({ "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n" }, "v1.0.0");
    hostileRelease(repo);
    expect(repo.git("ls-tree", "-r", "--name-only", "hostile")).toContain("migrations/../../../pwned.sql");
    const tmp = mkdtempSync(join(tmpdir(), "rollsafe-hostile-"));
    for (const args of [["report", "v1.0.0..hostile", "--format", "json"], ["rollback", "--from", "hostile", "--to", "v1.0.0"]]) {
      const result = runCli(args, { cwd: repo.dir, env: { TMPDIR: tmp } });
      expect(result.stderr).toMatch(/holds a file at "migrations\/\.\.\/\.\.\/\.\.\/pwned\.sql", a path git would refuse to check out/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.status).toBe(2);
      expect(readdirSync(tmp).filter((name) => !name.startsWith("rollsafe-"))).toEqual([]);
    }
  });

  it("writeTreeFiles refuses before writing anything", () => {
    const base = join(mkdtempSync(join(tmpdir(), "rollsafe-tree-")), "scratch");
    mkdirSync(base);
    const blobs = new Map([["a", Buffer.from("x")]]);
    const entries = [{ path: "migrations/001.sql", blob: "a" }, { path: "migrations/../../escape.sql", blob: "a" }];
    expect(() => writeTreeFiles(base, "0123456789abcdef", entries, blobs)).toThrow(UnsafeTreePathError);
    expect(existsSync(join(base, "migrations/001.sql"))).toBe(false);
    writeTreeFiles(base, "0123456789abcdef", entries.slice(0, 1), blobs);
    expect(existsSync(join(base, "migrations/001.sql"))).toBe(true);
  });

  it.each([
    ["migrations/001.sql", true],
    ["a/b/c.sql", true],
    ["..", false],
    ["migrations/../x.sql", false],
    ["./x.sql", false],
    ["a//b.sql", false],
    ["/etc/passwd", false],
    ["a\\..\\b.sql", false],
  ])("isSafeTreePath(%j) is %s", (path, safe) => {
    expect(isSafeTreePath(path)).toBe(safe);
  });
});
