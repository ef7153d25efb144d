// `--write-baseline` / `--baseline`: adopting rollsafe on a repository with old findings, and `--fail-on`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitAll, repoWithMain, writeFiles } from "./support/git-repo.js";
import { runCli, tempProject } from "./support/run-cli.js";

interface JsonRun {
  findings: Array<{ ruleId: string; path: string; line: number; severity: string; baselined?: boolean }>;
  summary: Record<string, number>;
}

const OLD = {
  "m/0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text, bio text);\n",
  "m/0002_drop.sql": "ALTER TABLE users DROP COLUMN nickname;\n",
};

describe("--write-baseline and --baseline", () => {
  it("records findings by path, rule and statement fingerprint, then matches them after the lines moved", () => {
    const dir = tempProject(OLD);
    const written = runCli(["lint", "m", "--write-baseline", "rollsafe-baseline.json"], { cwd: dir });
    expect(written.stderr).toMatch(/^rollsafe: wrote 2 finding\(s\) to the baseline rollsafe-baseline\.json\n$/);
    expect(written.status).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, "rollsafe-baseline.json"), "utf8")) as { version: number; entries: Array<{ path: string; ruleId: string; fingerprint: string }> };
    expect(doc.version).toBe(1);
    expect(doc.entries.map((e) => `${e.path} ${e.ruleId}`)).toEqual(["m/0002_drop.sql dropping-column", "m/0002_drop.sql require-lock-timeout"]);
    expect(doc.entries.every((e) => /^[0-9a-f]{64}$/.test(e.fingerprint))).toBe(true);
    expect(JSON.stringify(doc)).not.toMatch(/"line"/);

    // The statement moves down and is re-wrapped; a new breaking statement is added.
    writeFiles(dir, { "m/0002_drop.sql": "-- cleanup\n\nALTER TABLE users\n  DROP COLUMN nickname;\nALTER TABLE users DROP COLUMN bio;\n" });
    const result = runCli(["lint", "m", "--baseline", "rollsafe-baseline.json", "--format", "json"], { cwd: dir });
    const json = JSON.parse(result.stdout) as JsonRun;
    const dropping = json.findings.filter((f) => f.ruleId === "dropping-column").map((f) => [f.line, f.baselined]);
    expect(dropping).toEqual([
      [4, true],
      [5, false],
    ]);
    expect(json.summary).toMatchObject({ errors: 1, baselined: 2, staleBaselineEntries: 0 });
    expect(result.status).toBe(1);
  });

  it("passes when every failing finding is baselined, and shows them as baselined in text", () => {
    const dir = tempProject(OLD);
    runCli(["lint", "m", "--write-baseline", "b.json"], { cwd: dir });
    const result = runCli(["lint", "m", "--baseline", "b.json"], { cwd: dir });
    expect(result.stdout).toContain("m/0002_drop.sql:1:19  baselined  dropping-column");
    expect(result.stdout).toContain("✔ 0 errors, 0 warnings, 0 overridden, 2 baselined (2 migrations, 2 statements checked)");
    expect(result.status).toBe(0);
    expect(runCli(["lint", "m"], { cwd: dir }).status).toBe(1);
  });

  it("says how many entries no longer match anything", () => {
    const dir = tempProject(OLD);
    runCli(["lint", "m", "--write-baseline", "b.json"], { cwd: dir });
    writeFiles(dir, { "m/0002_drop.sql": "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN age int;\n" });
    const result = runCli(["lint", "m", "--baseline", "b.json"], { cwd: dir });
    expect(result.stdout).toContain("(2 migrations, 3 statements checked); 2 baseline entries no longer match");
    expect(result.status).toBe(0);
  });

  it("keys paths to the baseline file's folder, so a run from another folder still matches", () => {
    const dir = tempProject({ "db/m/0001_init.sql": OLD["m/0001_init.sql"], "db/m/0002_drop.sql": OLD["m/0002_drop.sql"] });
    runCli(["lint", "db/m", "--write-baseline", "db/baseline.json"], { cwd: dir });
    expect(readFileSync(join(dir, "db/baseline.json"), "utf8")).toContain('"path": "m/0002_drop.sql"');
    const result = runCli(["lint", "m", "--baseline", "baseline.json", "--format", "json"], { cwd: join(dir, "db") });
    expect((JSON.parse(result.stdout) as JsonRun).summary).toMatchObject({ errors: 0, baselined: 2 });
  });

  it("leaves entries of files the run did not check alone (--changed-since)", () => {
    const dir = repoWithMain({ ...OLD });
    runCli(["lint", "m", "--write-baseline", "b.json"], { cwd: dir });
    writeFiles(dir, { "m/0003_new.sql": "ALTER TABLE users DROP COLUMN bio;\n" });
    commitAll(dir, "feature");
    const result = runCli(["lint", "m", "--changed-since", "main", "--baseline", "b.json", "--format", "json"], { cwd: dir });
    expect((JSON.parse(result.stdout) as JsonRun).summary).toMatchObject({ errors: 1, baselined: 0, staleBaselineEntries: 0 });
  });

  it("refuses --write-baseline on part of the findings (--changed-since, --new)", () => {
    const dir = tempProject(OLD);
    for (const args of [["--changed-since", "main"], ["--new", "m/0002_drop.sql"]]) {
      const result = runCli(["lint", "m", "--write-baseline", "b.json", ...args], { cwd: dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("--write-baseline records the findings of every migration");
    }
  });

  it.each([
    ["missing.json", /--baseline: cannot read missing\.json: ENOENT/],
    ["bad.json", /--baseline: bad\.json is not valid JSON/],
    ["old.json", /--baseline: old\.json is not a rollsafe baseline of version 1/],
  ])("exits 2 with one line for an unusable baseline: %s", (file, message) => {
    const dir = tempProject({ ...OLD, "bad.json": "{", "old.json": JSON.stringify({ version: 99, entries: [] }) });
    const result = runCli(["lint", "m", "--baseline", file], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("--fail-on", () => {
  // Only a warning: an ALTER without a lock_timeout.
  const warningOnly = { "m/0001_init.sql": "CREATE TABLE t (id int);\n", "m/0002_add.sql": "ALTER TABLE t ADD COLUMN note text;\n" };

  it.each([
    ["error", OLD, 1],
    ["warning", OLD, 1],
    ["never", OLD, 0],
    ["error", warningOnly, 0],
    ["warning", warningOnly, 1],
    ["never", warningOnly, 0],
  ] as const)("--fail-on %s exits as documented (%#)", (level, files, status) => {
    const dir = tempProject(files);
    expect(runCli(["lint", "m", "--fail-on", level], { cwd: dir }).status).toBe(status);
  });

  it("defaults to error, and rejects an unknown level", () => {
    const dir = tempProject({ "m/0001_init.sql": "CREATE TABLE t (id int);\n", "m/0002_add.sql": "ALTER TABLE t ADD COLUMN note text;\n" });
    expect(runCli(["lint", "m"], { cwd: dir }).status).toBe(0);
    const bad = runCli(["lint", "m", "--fail-on", "notes"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Allowed choices are error, warning, never");
  });

  it("still exits 2 on a usage error with --fail-on never", () => {
    const dir = tempProject(OLD);
    expect(runCli(["lint", "m", "--fail-on", "never", "--changed-since", "main"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir.replace(/[/\\][^/\\]*$/, "") } }).status).toBe(2);
  });
});
