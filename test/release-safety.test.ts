// `rollsafe report --format release-safety` and the tri-state verdict end to end: real git
// repositories with tags in temp folders, the built CLI; every artifact is validated against the
// JSON Schema the package ships.
import { describe, expect, it } from "vitest";
import { gitRepo, type Repo } from "./support/git-repo.js";
import { releaseSafetyErrors } from "./support/release-safety-schema.js";
import { runCli } from "./support/run-cli.js";

const INIT = { "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);\n" };

interface Reason {
  verdict: false | "unknown";
  affects: string[];
  at: string;
  ruleId: string | null;
  message: string;
}

function releasedRepo(): Repo {
  const repo = gitRepo();
  repo.commit(INIT, "v1.0.0");
  return repo;
}

/** The artifact of a range, checked against the schema; with the exit code. */
function artifact(repo: Repo, ...args: string[]) {
  const result = runCli(["report", ...args, "--format", "release-safety"], { cwd: repo.dir });
  expect(result.stderr).toBe("");
  const doc = JSON.parse(result.stdout);
  expect(releaseSafetyErrors(doc)).toEqual([]);
  return { status: result.status, doc };
}

describe("release-safety artifact: tri-state verdicts", () => {
  it("an additive range is safe to roll back and to update with migrations first (true, exit 0)", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_add.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE users ADD COLUMN age integer;\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n" }, "v1.1.0");
    const { status, doc } = artifact(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(0);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.compatibility).toMatchObject({ rollbackSafe: true, rollingUpdateSafe: true, oldCodeNewSchema: { safe: true, deployOrder: "migrations-first" }, safeDeployOrder: "migrations-first" });
    // The other direction: the new code, started before the migrations, would miss the new table and column.
    expect(doc.compatibility.newCodeOldSchema).toMatchObject({ safe: false, deployOrder: "code-first" });
    expect(doc.reasons.map((r: Reason) => [r.at, r.affects, r.verdict])).toEqual([
      ["migrations/002_add.sql:1", ["newCodeOldSchema"], false],
      ["migrations/002_add.sql:2", ["newCodeOldSchema"], false],
    ]);
    // The schema does reject what is not an artifact.
    expect(releaseSafetyErrors({ ...doc, compatibility: { ...doc.compatibility, rollbackSafe: "maybe" } })).toEqual(["/compatibility/rollbackSafe: must be equal to one of the allowed values"]);
    expect(releaseSafetyErrors({ ...doc, extra: 1 })).toEqual(["/: must NOT have additional properties"]);
    expect(doc.path).toBe("schema-compatible-rollback");
    expect(doc.checked).toEqual({ static: true, snapshots: false, previousSchema: false, verify: false });
    expect(doc.migrations.map((m: { name: string; inRange: boolean }) => [m.name, m.inRange])).toEqual([
      ["001_init", false],
      ["002_add", true],
    ]);
  });

  it("a DO block that drops a column is \"unknown\", with the DO block's line in the reasons (exit 1 unless --allow-unknown)", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_do.sql": "CREATE INDEX users_name ON users (name);\n\nDO $$ BEGIN\n  EXECUTE 'ALTER TABLE users DROP COLUMN name';\nEND $$;\n" }, "v1.1.0");
    const { status, doc } = artifact(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(1);
    expect(doc.compatibility.rollbackSafe).toBe("unknown");
    expect(doc.compatibility.rollingUpdateSafe).toBe("unknown");
    expect(doc.compatibility.newCodeOldSchema.safe).toBe("unknown");
    expect(doc.reasons).toEqual([expect.objectContaining({ verdict: "unknown", at: "migrations/002_do.sql:3", affects: ["rollbackSafe", "rollingUpdateSafe", "newCodeOldSchema"], message: expect.stringContaining("DO block") })]);
    expect(runCli(["report", "v1.0.0..v1.1.0", "--format", "release-safety", "--allow-unknown"], { cwd: repo.dir }).status).toBe(0);

    // The same rule in the reports for people, and their exit code.
    const text = runCli(["report", "v1.0.0..v1.1.0"], { cwd: repo.dir });
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("Rollback safe: unknown (1 statement could not be analysed");
    expect(text.stdout).toContain("migrations/002_do.sql:3: not analysed: a DO block runs procedural code");
    expect(text.stdout).toContain("1. Review what rollsafe could not analyse");
    expect(runCli(["report", "v1.0.0..v1.1.0", "--allow-unknown"], { cwd: repo.dir }).status).toBe(0);
    // A score gate does not make an unknown verdict known.
    expect(runCli(["report", "v1.0.0..v1.1.0", "--min-score", "50"], { cwd: repo.dir }).status).toBe(1);
    const md = runCli(["report", "v1.0.0..v1.1.0", "--format", "markdown"], { cwd: repo.dir });
    expect(md.stdout).toContain("❓ **Rollback safe: unknown");
    expect(md.stdout).toContain("- `migrations/002_do.sql:3`: not analysed: a DO block runs procedural code");
    const json = JSON.parse(runCli(["report", "v1.0.0..v1.1.0", "--format", "json"], { cwd: repo.dir }).stdout);
    expect(json).toMatchObject({ path: "schema-compatible-rollback", safe: false, verdict: "unknown", unanalysed: [{ path: "migrations/002_do.sql", line: 3, kind: "unmodeled" }] });
    const html = runCli(["report", "v1.0.0..v1.1.0", "--format", "html"], { cwd: repo.dir }).stdout;
    expect(html).toContain('<section class="verdict unknown">');
  });

  it("stays \"unknown\" when unmodeled-statement and syntax-error are turned off in the configuration", () => {
    const repo = gitRepo();
    repo.commit({ ...INIT, "rollsafe.config.json": JSON.stringify({ rules: { "unmodeled-statement": "off", "syntax-error": "off" } }) }, "v1.0.0");
    repo.commit({ "migrations/002_fn.sql": "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS 'ALTER TABLE users DROP COLUMN name';\nALTER TABLE users ADD COLUMN;\n" }, "v1.1.0");
    const { status, doc } = artifact(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(1);
    expect(doc.compatibility.rollbackSafe).toBe("unknown");
    expect(doc.reasons.filter((r: Reason) => r.verdict === "unknown").map((r: Reason) => [r.at, r.message.slice(0, 30)])).toEqual([
      ["migrations/002_fn.sql:1", "not analysed: a function body "],
      ["migrations/002_fn.sql:2", "not analysed: syntax error: sy"],
    ]);
  });

  it("a file that cannot be read makes the verdict \"unknown\", naming the file", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_bad.sql": Buffer.from([0x41, 0x4c, 0x54, 0x45, 0x52, 0xff, 0xfe, 0x0a]) }, "v1.1.0");
    const { status, doc } = artifact(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(1);
    expect(doc.compatibility.rollbackSafe).toBe("unknown");
    expect(doc.reasons).toEqual([expect.objectContaining({ verdict: "unknown", at: "migrations/002_bad.sql", line: null, message: expect.stringContaining("could not be read") })]);
  });

  it("a dropped column is false (exit 1), with the finding's line; code first is the safe order", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_drop.sql": "-- the name is in full_name now\nALTER TABLE users DROP COLUMN name;\n" }, "v1.1.0");
    const { status, doc } = artifact(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(1);
    expect(doc.compatibility).toMatchObject({ rollbackSafe: false, rollingUpdateSafe: false, newCodeOldSchema: { safe: true }, safeDeployOrder: "code-first" });
    expect(doc.path).toBe("roll-forward");
    expect(doc.reasons).toEqual([expect.objectContaining({ verdict: false, at: "migrations/002_drop.sql:2", ruleId: "dropping-column", affects: ["rollbackSafe", "rollingUpdateSafe"] })]);
  });

  it("a proven break stays false when another statement is unknown", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_mixed.sql": "ALTER TABLE users DROP COLUMN name;\nDO $$ BEGIN PERFORM 1; END $$;\n" }, "v1.1.0");
    const { doc } = artifact(repo, "v1.0.0..v1.1.0");
    expect(doc.compatibility.rollbackSafe).toBe(false);
    expect(doc.reasons.map((r: Reason) => [r.at, r.verdict])).toEqual([
      ["migrations/002_mixed.sql:1", false],
      ["migrations/002_mixed.sql:2", "unknown"],
    ]);
  });
});

describe("release-safety artifact: --per-release upgrade spans", () => {
  /** v1.0.0 .. v1.5.0: five releases, the third (v1.3.0) drops a column. */
  function fiveReleases(): Repo {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_age.sql": "ALTER TABLE users ADD COLUMN age integer;\n" }, "v1.1.0");
    repo.commit({ "migrations/003_orders.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);\n" }, "v1.2.0");
    repo.commit({ "migrations/004_drop_name.sql": "ALTER TABLE users DROP COLUMN name;\n" }, "v1.3.0");
    repo.commit({ "src/app.ts": "export {};\n" }, "v1.4.0");
    repo.commit({ "migrations/005_total.sql": "ALTER TABLE orders ADD COLUMN total numeric;\n" }, "v1.5.0");
    return repo;
  }

  it("evaluates each release step and names the breaking release as a required stop", () => {
    const repo = fiveReleases();
    const { status, doc } = artifact(repo, "v1.0.0..v1.5.0", "--per-release");
    expect(status).toBe(1);
    expect(doc.releases.map((r: { from: string; to: string; compatibility: { rollbackSafe: unknown }; path: string }) => [`${r.from}..${r.to}`, r.compatibility.rollbackSafe, r.path])).toEqual([
      ["v1.0.0..v1.1.0", true, "schema-compatible-rollback"],
      ["v1.1.0..v1.2.0", true, "schema-compatible-rollback"],
      ["v1.2.0..v1.3.0", false, "roll-forward"],
      ["v1.3.0..v1.4.0", true, "service-rollback"],
      ["v1.4.0..v1.5.0", true, "schema-compatible-rollback"],
    ]);
    expect(doc.span).toEqual({ minPreviousVersion: "v1.3.0", requiredStops: ["v1.3.0"], reason: expect.stringContaining("Step v1.2.0..v1.3.0 is not safe") });
    // The span as a whole: the previous code of v1.0.0 meets the dropped column.
    expect(doc.compatibility.rollbackSafe).toBe(false);
    expect(doc.migrations.map((m: { name: string; release: string | null }) => [m.name, m.release])).toEqual([
      ["001_init", null],
      ["002_age", "v1.1.0"],
      ["003_orders", "v1.2.0"],
      ["004_drop_name", "v1.3.0"],
      ["005_total", "v1.5.0"],
    ]);
    // From the stop on, the upgrade is safe.
    const after = artifact(repo, "v1.3.0..v1.5.0", "--per-release");
    expect(after.status).toBe(0);
    expect(after.doc.span).toEqual({ minPreviousVersion: "v1.3.0", requiredStops: [], reason: expect.any(String) });
  });

  it("the text report shows each release's verdict and the span", () => {
    const text = runCli(["report", "v1.0.0..v1.5.0", "--per-release"], { cwd: fiveReleases().dir });
    expect(text.stdout).toMatch(/v1\.2\.0\.\.v1\.3\.0 +\d+ [A-F] +rollback safe: no/);
    expect(text.stdout).toContain("Upgrade span: minimum previous version v1.3.0; required stops: v1.3.0");
  });

  it("without --per-release the artifact has no releases and no span", () => {
    const { doc } = artifact(fiveReleases(), "v1.0.0..v1.5.0");
    expect(doc.releases).toBeUndefined();
    expect(doc.span).toBeUndefined();
    expect(doc.migrations.every((m: { release: string | null }) => m.release === null)).toBe(true);
  });
});
