// action.yml: its lint step's script, run with bash as GitHub would (inputs as environment variables).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, tempProject } from "./support/run-cli.js";

/** The `run: |` block of the step named `rollsafe lint`, de-indented. */
function lintScript(): string {
  const text = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");
  const step = text.slice(text.indexOf("- name: rollsafe lint"));
  const block = /\n(\s+)run: \|\n((?:\1 {2}.*\n?)+)/.exec(step);
  if (!block) throw new Error("no run: | block in the rollsafe lint step");
  const indent = block[1]!.length + 2;
  return block[2]!
    .split("\n")
    .map((line) => line.slice(indent))
    .join("\n");
}

function runAction(cwd: string, inputs: Record<string, string>) {
  const env = { ...process.env, ROLLSAFE_HOME: REPO_ROOT, INPUT_PATH: "", INPUT_CHANGED_SINCE: "", INPUT_FORMAT: "github", INPUT_FAIL_ON: "error", GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "", ...inputs };
  return spawnSync("bash", ["-c", lintScript()], { cwd, env, encoding: "utf8" });
}

describe("action.yml", () => {
  const files = { "db/0001_init.sql": "CREATE TABLE t (id int, a int);\n", "db/0002_drop.sql": "ALTER TABLE t DROP COLUMN a;\n" };

  it("declares the documented inputs and defaults", () => {
    const text = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");
    for (const input of ["path", "changed-since", "format", "fail-on", "github-token"]) expect(text).toMatch(new RegExp(`^  ${input}:$`, "m"));
    expect(text).toMatch(/format:\n(?:\s{4}.*\n)*?\s{4}default: github\n/);
    expect(text).toMatch(/fail-on:\n(?:\s{4}.*\n)*?\s{4}default: error\n/);
    expect(text).toContain("using: composite");
  });

  it("lints the given path with annotations and fails on an error", () => {
    const result = runAction(tempProject(files), { INPUT_PATH: "db" });
    expect(result.stdout).toMatch(/^::error file=db\/0002_drop\.sql,line=1,.*title=dropping-column::/m);
    expect(result.status).toBe(1);
  });

  it("passes fail-on and format through, and keeps a path with a leading dash a path", () => {
    const dir = tempProject(files);
    expect(runAction(dir, { INPUT_PATH: "db", INPUT_FAIL_ON: "never" }).status).toBe(0);
    const json = runAction(dir, { INPUT_PATH: "db", INPUT_FORMAT: "json" });
    expect((JSON.parse(json.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const dashed = runAction(dir, { INPUT_PATH: "--version" });
    expect(dashed.status).toBe(2);
    expect(dashed.stderr).toContain("--version: no such file or directory");
  });
});
