// Edge cases of the input rollsafe is given (issue 22, item 11): a path that does not exist, a config
// saved with a UTF-8 byte-order mark, folders and FIFOs named `*.sql`, a name that is both a tag and a
// branch.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitRepo } from "./support/git-repo.js";
import { runCli, tempProject } from "./support/run-cli.js";

describe("lint input", () => {
  it("lint <missing path> is exit 2 and never says ✔", () => {
    const dir = tempProject({ "migrations/001_a.sql": "CREATE TABLE a (id int);\n" });
    const result = runCli(["lint", "no/such/dir"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).not.toContain("✔");
    expect(result.stdout).toContain("✖");
    expect(result.stderr).toContain("rollsafe: no/such/dir: no such file or directory");
  });

  it("lint <missing path> --fail-on never is still exit 2, not ✔", () => {
    const dir = tempProject({ "migrations/001_a.sql": "CREATE TABLE a (id int);\n" });
    const result = runCli(["lint", "migrations", "gone.sql", "--fail-on", "never"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stdout).not.toContain("✔");
  });

  it("a config file saved with a UTF-8 byte-order mark is read", () => {
    const dir = tempProject({ "migrations/001_a.sql": "ALTER TABLE users DROP COLUMN name;\n" });
    writeFileSync(join(dir, "rollsafe.config.json"), `\uFEFF${JSON.stringify({ rules: { "dropping-column": "off" } })}`);
    const result = runCli(["lint", "migrations"], { cwd: dir });
    expect(result.stderr).not.toContain("invalid JSON");
    expect(result.stdout).not.toContain("dropping-column");
    expect(result.status).toBe(0);
  });

  it.each([
    ["plain", "migrations", "001_a.sql", "CREATE TABLE a (id int);\n", "002_b.sql"],
    ["dbmate", "db/migrations", "20240101000000_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n", "20240102000000_b.sql"],
  ])("%s: a folder and a FIFO named *.sql are reported, not skipped", (_kind, folder, firstName, first, name) => {
    const dir = tempProject({ [`${folder}/${firstName}`]: first });
    mkdirSync(join(dir, folder, name));
    execFileSync("mkfifo", [join(dir, folder, `x${name}`)]);
    const result = runCli(["lint", folder], { cwd: dir });
    expect(result.status).toBe(1);
    const out = result.stdout + result.stderr;
    expect(out).toContain(`${folder}/${name}`);
    expect(out).toContain("is a directory, expected a .sql file");
    expect(out).toContain(`${folder}/x${name}`);
    expect(out).toContain("is not a regular file");
  });
});

describe("a name that is both a tag and a branch", () => {
  it("is refused when they point at different commits, naming both ways to say which", () => {
    const repo = gitRepo();
    repo.commit({ "migrations/001_a.sql": "CREATE TABLE a (id int);\n" }, "release");
    repo.commit({ "migrations/002_b.sql": "ALTER TABLE a ADD COLUMN b int;\n" });
    repo.git("branch", "release");
    const result = runCli(["lint", "migrations", "--changed-since", "release"], { cwd: repo.dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/"release" is both a tag \([0-9a-f]{12}\) and a branch \([0-9a-f]{12}\): say which one with refs\/tags\/release or refs\/heads\/release/);
    const tagged = runCli(["lint", "migrations", "--changed-since", "refs/tags/release"], { cwd: repo.dir });
    expect(tagged.status).toBe(0);
  });

  it("is accepted when both name the same commit", () => {
    const repo = gitRepo();
    repo.commit({ "migrations/001_a.sql": "CREATE TABLE a (id int);\n" }, "release");
    repo.git("branch", "release");
    repo.commit({ "migrations/002_b.sql": "ALTER TABLE a ADD COLUMN b int;\n" });
    expect(runCli(["lint", "migrations", "--changed-since", "release"], { cwd: repo.dir }).status).toBe(0);
  });
});
