// action.yml: its lint step's script, run with bash as GitHub would (inputs as environment variables),
// on the repository's own build (test/packaging.test.ts runs the install step on the packed tarball).
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

/** The step's environment as GitHub sets it, running the repository's own build. */
function actionEnv(inputs: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ROLLSAFE_HOME: REPO_ROOT, ROLLSAFE_BIN: join(REPO_ROOT, "packages/cli/bin/rollsafe.js"), RUNNER_TEMP: mkdtempSync(join(tmpdir(), "rollsafe-runner-")), GITHUB_OUTPUT: "", INPUT_SARIF_FILE: "", INPUT_COMMENT: "false", INPUT_PATH: "", INPUT_CHANGED_SINCE: "", INPUT_FORMAT: "github", INPUT_FAIL_ON: "error", GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "", ...inputs };
}

function runAction(cwd: string, inputs: Record<string, string>) {
  const env = actionEnv(inputs);
  return spawnSync("bash", ["-c", lintScript()], { cwd, env, encoding: "utf8" });
}

describe("action.yml", () => {
  const files = { "db/0001_init.sql": "CREATE TABLE t (id int, a int);\n", "db/0002_drop.sql": "ALTER TABLE t DROP COLUMN a;\n" };

  it("declares the documented inputs and defaults", () => {
    const text = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");
    for (const input of ["path", "changed-since", "format", "fail-on", "sarif-file", "comment", "version", "github-token"]) expect(text).toMatch(new RegExp(`^  ${input}:$`, "m"));
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

  it("installs nothing from the monorepo: the published package of its own version, without optional dependencies", () => {
    const text = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");
    expect(text).not.toContain("npm ci");
    expect(text).toContain('spec="${ROLLSAFE_PACKAGE:-rollsafe@$version}"');
    expect(text).toContain("--omit=optional");
  });

  it("writes the SARIF file and its output, and still fails on the error", () => {
    const dir = tempProject(files);
    const output = join(dir, "github-output");
    writeFileSync(output, "");
    const result = runAction(dir, { INPUT_PATH: "db", INPUT_SARIF_FILE: "rollsafe.sarif", GITHUB_OUTPUT: output });
    expect(result.status).toBe(1);
    const sarif = JSON.parse(readFileSync(join(dir, "rollsafe.sarif"), "utf8")) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain("dropping-column");
    expect(readFileSync(output, "utf8")).toBe("sarif-file=rollsafe.sarif\n");
  });

  it("posts one pull-request comment and updates it on the next run", async () => {
    const comments: Array<{ id: number; body: string }> = [{ id: 1, body: "someone else's comment" }];
    const requests: string[] = [];
    const server = createServer((req, res) => {
      let data = "";
      req.on("data", (chunk: Buffer) => (data += chunk.toString()));
      req.on("end", () => {
        requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
        res.setHeader("content-type", "application/json");
        if (req.method === "GET") return res.end(JSON.stringify(comments));
        const { body } = JSON.parse(data) as { body: string };
        if (req.method === "POST") comments.push({ id: comments.length + 1, body });
        else comments.find((c) => req.url?.endsWith(`/comments/${c.id}`))!.body = body;
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const dir = tempProject(files);
    writeFileSync(join(dir, "event.json"), JSON.stringify({ pull_request: { number: 7 } }));
    const inputs = { INPUT_PATH: "db", INPUT_COMMENT: "true", GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_REPOSITORY: "acme/app", GITHUB_EVENT_PATH: join(dir, "event.json"), GITHUB_TOKEN: "t0ken" };
    try {
      const first = await runActionAsync(dir, inputs);
      expect(first.status).toBe(1);
      expect(first.stdout).toContain("rollsafe: commented on pull request #7");
      writeFileSync(join(dir, "db/0003_more.sql"), "ALTER TABLE t RENAME TO u;\n");
      const second = await runActionAsync(dir, inputs);
      expect(second.stdout).toContain("rollsafe: updated the comment on pull request #7");
    } finally {
      server.close();
    }
    expect(requests).toEqual(["GET /repos/acme/app/issues/7/comments?per_page=100 Bearer t0ken", "POST /repos/acme/app/issues/7/comments Bearer t0ken", "GET /repos/acme/app/issues/7/comments?per_page=100 Bearer t0ken", "PATCH /repos/acme/app/issues/comments/2 Bearer t0ken"]);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.body.startsWith("<!-- rollsafe -->")).toBe(true);
    expect(comments[1]!.body).toContain("renaming-table");
  });
});

/** As runAction, without blocking the event loop (the test's HTTP server answers meanwhile). */
function runActionAsync(cwd: string, inputs: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = actionEnv(inputs);
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", lintScript()], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
