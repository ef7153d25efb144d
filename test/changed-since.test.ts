// `rollsafe lint --changed-since <ref>` on real git repositories: the pull request's migrations are
// checked, the others replayed as history, and edited or out-of-order migrations are integrity errors.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitAll, git, repoWithMain, writeFiles } from "./support/git-repo.js";
import { runCli, tempProject } from "./support/run-cli.js";

interface JsonRun {
  files: Array<{ path: string; checked: boolean }>;
  findings: Array<{ ruleId: string; category: string; severity: string; path: string; line: number; message: string }>;
  summary: Record<string, number>;
}

const HISTORY = {
  "m/0001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text, nickname text);\n",
  "m/0002_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, note text);\n",
};

function lintJson(dir: string, ...args: string[]) {
  const result = runCli(["lint", "m", "--format", "json", ...args], { cwd: dir });
  return { ...result, json: result.stdout ? (JSON.parse(result.stdout) as JsonRun) : undefined };
}

const rules = (json: JsonRun | undefined) => (json?.findings ?? []).filter((f) => f.ruleId !== "require-lock-timeout").map((f) => `${f.path}:${f.line} ${f.ruleId}`);

describe("--changed-since", () => {
  it("checks the branch's new migration against the history of the earlier ones", () => {
    const dir = repoWithMain(HISTORY);
    writeFiles(dir, { "m/0003_drop.sql": "ALTER TABLE users DROP COLUMN nickname;\nCREATE TABLE tags (id int, label text);\nALTER TABLE tags DROP COLUMN label;\n" });
    commitAll(dir, "feature: drop");
    const { status, json, stderr } = lintJson(dir, "--changed-since", "main");
    expect(stderr).toBe("");
    expect(json!.files.map((f) => [f.path, f.checked])).toEqual([
      ["m/0001_init.sql", false],
      ["m/0002_orders.sql", false],
      ["m/0003_drop.sql", true],
    ]);
    // users was created in history: it exists, so dropping its column breaks; tags is new in the change.
    expect(rules(json)).toEqual(["m/0003_drop.sql:1 dropping-column"]);
    expect(status).toBe(1);
  });

  it("checks nothing when the branch changed no migration", () => {
    const dir = repoWithMain({ ...HISTORY, "m/0003_drop.sql": "ALTER TABLE users DROP COLUMN nickname;\n" });
    writeFiles(dir, { "README.md": "docs only\n" });
    commitAll(dir, "feature: docs");
    const { status, json } = lintJson(dir, "--changed-since", "main");
    expect(json!.files.every((f) => !f.checked)).toBe(true);
    expect(json!.findings).toEqual([]);
    expect(status).toBe(0);
  });

  it("uses the merge base: commits on main after the branch point are not the branch's change", () => {
    const dir = repoWithMain(HISTORY);
    writeFiles(dir, { "m/0003_feature.sql": "ALTER TABLE orders ADD COLUMN total int;\n" });
    commitAll(dir, "feature");
    git(dir, "checkout", "--quiet", "main");
    writeFiles(dir, { "m/0004_main.sql": "ALTER TABLE users DROP COLUMN email;\n" });
    commitAll(dir, "main moves on");
    git(dir, "checkout", "--quiet", "feature");
    const { json } = lintJson(dir, "--changed-since", "main");
    expect(json!.files.map((f) => [f.path, f.checked])).toEqual([
      ["m/0001_init.sql", false],
      ["m/0002_orders.sql", false],
      ["m/0003_feature.sql", true],
    ]);
  });

  it("checks untracked new migrations, and leaves the index and working tree untouched", () => {
    const dir = repoWithMain(HISTORY);
    writeFiles(dir, { "m/0003_wip.sql": "ALTER TABLE orders DROP COLUMN note;\n" });
    const statusBefore = git(dir, "status", "--porcelain");
    const index = statSync(join(dir, ".git/index")).mtimeMs;
    const { json, status } = lintJson(dir, "--changed-since", "main");
    expect(rules(json)).toEqual(["m/0003_wip.sql:1 dropping-column"]);
    expect(status).toBe(1);
    expect(statSync(join(dir, ".git/index")).mtimeMs).toBe(index);
    expect(git(dir, "status", "--porcelain")).toBe(statusBefore);
  });

  it("reports an edited applied migration at its first line, naming the merge base, and checks it again", () => {
    const dir = repoWithMain(HISTORY);
    const base = git(dir, "rev-parse", "HEAD").trim();
    writeFiles(dir, { "m/0002_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, note text, total int);\n" });
    commitAll(dir, "feature: edit an applied migration");
    const { json, status } = lintJson(dir, "--changed-since", "main");
    const finding = json!.findings.find((f) => f.ruleId === "edited-applied-migration");
    expect(finding).toMatchObject({ path: "m/0002_orders.sql", line: 1, category: "integrity", severity: "error" });
    expect(finding!.message).toContain(`existed at ${base.slice(0, 12)} (the merge base)`);
    expect(json!.files.find((f) => f.path === "m/0002_orders.sql")!.checked).toBe(true);
    expect(status).toBe(1);
  });

  it("does not report a whitespace-only edit (re-indented, CRLF line endings), nor re-check the file", () => {
    const dir = repoWithMain({ ...HISTORY, "m/0003_drop.sql": "ALTER TABLE users DROP COLUMN nickname;\n" });
    writeFiles(dir, {
      "m/0002_orders.sql": "CREATE TABLE orders (\r\n    id bigint PRIMARY KEY,\r\n    note text\r\n);\r\n",
      "m/0003_drop.sql": "ALTER TABLE users\n  DROP COLUMN nickname;\n",
    });
    commitAll(dir, "feature: reformat");
    const { json, status } = lintJson(dir, "--changed-since", "main");
    expect(json!.findings).toEqual([]);
    expect(json!.files.every((f) => !f.checked)).toBe(true);
    expect(status).toBe(0);
  });

  it("reports a new migration ordered before one that existed at the merge base", () => {
    const dir = repoWithMain({ "m/0001_init.sql": HISTORY["m/0001_init.sql"], "m/0003_orders.sql": HISTORY["m/0002_orders.sql"] });
    writeFiles(dir, { "m/0002_late.sql": "CREATE TABLE late (id int);\n", "m/0004_fine.sql": "CREATE TABLE fine (id int);\n" });
    commitAll(dir, "feature: two migrations");
    const { json, status } = lintJson(dir, "--changed-since", "main");
    expect(rules(json)).toEqual(["m/0002_late.sql:1 out-of-order-migration"]);
    expect(json!.findings[0]!.message).toContain("is ordered before 0003_orders, which existed at");
    expect(status).toBe(1);
  });

  it("works from a sub-folder of the repository, with paths as the run shows them", () => {
    const dir = repoWithMain({ "app/m/0001_init.sql": HISTORY["m/0001_init.sql"] });
    writeFiles(dir, { "app/m/0002_drop.sql": "ALTER TABLE users DROP COLUMN email;\n" });
    const result = runCli(["lint", "m", "--changed-since", "main", "--format", "json"], { cwd: join(dir, "app") });
    const json = JSON.parse(result.stdout) as JsonRun;
    expect(rules(json)).toEqual(["m/0002_drop.sql:1 dropping-column"]);
  });

  it.each([
    ["no-such-branch", /--changed-since: "no-such-branch" does not name a commit/],
    ["--upload-pack=evil", /--changed-since: "--upload-pack=evil" is not a valid git ref/],
  ])("exits 2 with one line for a bad ref: %s", (ref, message) => {
    const dir = repoWithMain(HISTORY);
    const result = runCli(["lint", "m", `--changed-since=${ref}`], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });

  it("exits 2 with one line outside a git repository", () => {
    const dir = tempProject(HISTORY);
    const result = runCli(["lint", "m", "--changed-since", "main"], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: dir.replace(/[/\\][^/\\]*$/, "") } });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: --changed-since: .* is not inside a git repository\n$/);
  });

  it("refuses --new together with --changed-since", () => {
    const dir = repoWithMain(HISTORY);
    const result = runCli(["lint", "m", "--changed-since", "main", "--new", "m/0002_orders.sql"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--new and --changed-since");
  });

  it("never writes to the repository's files", () => {
    const dir = repoWithMain(HISTORY);
    writeFileSync(join(dir, "m/0002_orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
    runCli(["lint", "m", "--changed-since", "main"], { cwd: dir });
    expect(readFileSync(join(dir, "m/0002_orders.sql"), "utf8")).toBe("CREATE TABLE orders (id bigint PRIMARY KEY);\n");
    expect(git(dir, "diff", "--cached", "--name-only")).toBe("");
  });
});
