// `rollsafe report` end to end: real git repositories with tags in temp folders, the built CLI.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitRepo, type Repo } from "./support/git-repo.js";
import { runCli, tempProject } from "./support/run-cli.js";

const INIT = { "migrations/001_init.sql": "CREATE TABLE users (id bigint PRIMARY KEY, name text, email text);\n" };

/** A repository with v1.0.0 (the first migration), ready for a release on top. */
function releasedRepo(): Repo {
  const repo = gitRepo();
  repo.commit(INIT, "v1.0.0");
  return repo;
}

function report(repo: Repo, ...args: string[]) {
  const result = runCli(["report", ...args], { cwd: repo.dir });
  return result;
}

function json(repo: Repo, ...args: string[]) {
  const result = report(repo, ...args, "--format", "json");
  expect(result.stderr).toBe("");
  return { status: result.status, doc: JSON.parse(result.stdout) };
}

describe("rollsafe report: the rollback path of a release", () => {
  it("a release with no migration is a service rollback (exit 0)", () => {
    const repo = releasedRepo();
    repo.commit({ "src/app.ts": "export const x = 1;\n" }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(0);
    expect(doc.path).toBe("service-rollback");
    expect(doc.migrations.checked).toEqual([]);
    expect(doc.score).toBe(100);
    expect(doc.grade).toBe("A");
    expect(doc.runbook.steps[0].title).toBe("Redeploy v1.0.0");
  });

  it("an additive release is a schema-compatible rollback (exit 0)", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_add.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);\nALTER TABLE users ADD COLUMN age integer;\n" }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0");
    expect(doc.path).toBe("schema-compatible-rollback");
    expect(doc.migrations.checked).toEqual(["migrations/002_add.sql"]);
    expect(doc.migrations.history).toBe(1);
    expect(doc.runbook.steps.map((s: { title: string }) => s.title)).toContain("Leave the schema alone");
    expect(status).toBe(0);
  });

  it("a dropped column is a roll-forward with the corrective SQL, which does not restore the data", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_drop.sql": "ALTER TABLE users DROP COLUMN name;\n" }, "v1.1.0");
    const text = report(repo, "v1.0.0..v1.1.0");
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("Roll forward");
    expect(text.stdout).toContain('ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "name" text;');
    expect(text.stdout).toContain("does NOT restore the data");
    const { doc } = json(repo, "v1.0.0..v1.1.0");
    expect(doc.path).toBe("roll-forward");
    expect(doc.reason).toContain("dropping-column at migrations/002_drop.sql:1");
    expect(doc.corrective).toEqual([expect.objectContaining({ ruleId: "dropping-column", sql: 'ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "name" text;' })]);
    expect(doc.deductions).toContainEqual(expect.objectContaining({ ruleId: "dropping-column", points: 30 }));
    expect(doc.alternatives.map((a: { path: string }) => a.path)).toEqual(["disaster-recovery"]);
  });

  it("names the corrective migration of each kind of break with the statement's names", () => {
    const repo = releasedRepo();
    repo.commit({
      "migrations/002_breaks.sql": [
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
        "ALTER TABLE users RENAME COLUMN name TO full_name;",
        "ALTER TABLE users ADD COLUMN tenant bigint NOT NULL;",
        "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
        "",
      ].join("\n"),
    }, "v1.1.0");
    const { doc } = json(repo, "v1.0.0..v1.1.0");
    const sql = Object.fromEntries(doc.corrective.map((c: { ruleId: string; sql: string }) => [c.ruleId, c.sql]));
    expect(sql).toEqual({
      "setting-not-null": 'ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;',
      "renaming-column": 'ALTER TABLE "users" RENAME COLUMN "full_name" TO "name";',
      "adding-required-column": 'ALTER TABLE "users" ALTER COLUMN "tenant" DROP NOT NULL;',
      "adding-unique-constraint": 'ALTER TABLE "users" DROP CONSTRAINT IF EXISTS "users_email_key";',
    });
  });

  it("a TRUNCATE is disaster recovery", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_reset.sql": "TRUNCATE users;\n" }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0");
    expect(status).toBe(1);
    expect(doc.path).toBe("disaster-recovery");
    expect(doc.reason).toContain("truncate at migrations/002_reset.sql:1");
    expect(doc.runbook.note).toContain("failure class: data loss (truncate)");
  });

  it("an overridden break still decides the path and still costs points, with its reason", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_drop.sql": "-- compat: breaking (reason: name unused since v0.9)\nALTER TABLE users DROP COLUMN name;\n" }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0");
    expect(doc.path).toBe("roll-forward");
    expect(status).toBe(1);
    expect(doc.deductions).toContainEqual(expect.objectContaining({ ruleId: "dropping-column", points: 10, reason: expect.stringContaining("name unused since v0.9") }));
  });

  it("golang-migrate down migrations are listed as the last resort, after rolling forward", () => {
    const repo = gitRepo();
    repo.commit({ "db/migrations/1_init.up.sql": INIT["migrations/001_init.sql"], "db/migrations/1_init.down.sql": "DROP TABLE users;\n" }, "v1.0.0");
    repo.commit({ "db/migrations/2_rename.up.sql": "ALTER TABLE users RENAME COLUMN name TO full_name;\n", "db/migrations/2_rename.down.sql": "ALTER TABLE users RENAME COLUMN full_name TO name;\n" }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0", "db/migrations");
    expect(status).toBe(1);
    expect(doc.path).toBe("roll-forward");
    expect(doc.migrations.checked).toEqual(["db/migrations/2_rename.up.sql"]);
    expect(doc.alternatives).toEqual([expect.objectContaining({ path: "migration-down", reason: expect.stringContaining("Last resort") })]);
  });

  it("--min-score gates on the score instead of the path", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_rename.sql": "ALTER TABLE users RENAME COLUMN name TO full_name;\n" }, "v1.1.0");
    const { doc } = json(repo, "v1.0.0..v1.1.0");
    expect(doc.score).toBe(72); // renaming-column -25, require-lock-timeout -3
    expect(report(repo, "v1.0.0..v1.1.0", "--min-score", "70").status).toBe(0);
    expect(report(repo, "v1.0.0..v1.1.0", "--min-score", "80").status).toBe(1);
    const bad = report(repo, "v1.0.0..v1.1.0", "--min-score", "high");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('rollsafe: --min-score: expected an integer from 0 to 100, got "high"\n');
  });

  it("defaults to the latest tag reachable from HEAD..HEAD", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_add.sql": "ALTER TABLE users ADD COLUMN age integer;\n" }, "v1.1.0");
    repo.commit({ "migrations/003_drop.sql": "ALTER TABLE users DROP COLUMN age;\n" });
    const { doc } = json(repo);
    expect(doc.range.from.ref).toBe("v1.1.0");
    expect(doc.range.to.ref).toBe("HEAD");
    expect(doc.range.from.sha).toBe(repo.git("rev-parse", "v1.1.0^{commit}").trim());
    expect(doc.migrations.checked).toEqual(["migrations/003_drop.sql"]);
    // HEAD itself tagged: the range starts at the tag before it.
    repo.git("tag", "v1.2.0");
    expect(json(repo).doc.range.from.ref).toBe("v1.1.0");
  });

  it("reads both sides from git objects: the working tree is neither read nor changed", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_add.sql": "ALTER TABLE users ADD COLUMN age integer;\n" }, "v1.1.0");
    writeFileSync(join(repo.dir, "migrations/003_local.sql"), "TRUNCATE users;\n");
    writeFileSync(join(repo.dir, "migrations/002_add.sql"), "ALTER TABLE users DROP COLUMN name;\n");
    const status = repo.git("status", "--porcelain");
    const { doc } = json(repo, "v1.0.0..v1.1.0");
    expect(doc.path).toBe("schema-compatible-rollback");
    expect(repo.git("status", "--porcelain")).toBe(status);
    expect(readdirSync(join(repo.dir, "migrations")).sort()).toEqual(["001_init.sql", "002_add.sql", "003_local.sql"]);
  });

  it("removes its temporary folders", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_add.sql": "ALTER TABLE users ADD COLUMN age integer;\n" }, "v1.1.0");
    repo.commit({ "migrations/003_add.sql": "ALTER TABLE users ADD COLUMN city text;\n" }, "v1.2.0");
    const scratch = tempProject({});
    const result = runCli(["report", "v1.0.0..v1.2.0", "--format", "html"], { cwd: repo.dir, env: { TMPDIR: scratch, TMP: scratch, TEMP: scratch } });
    expect(result.status).toBe(0);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("a bad ref, or no tag to start from, is a usage error (exit 2, one line)", () => {
    const repo = releasedRepo();
    const bad = report(repo, "v0.9..HEAD");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain('"v0.9" does not name a commit');
    const untagged = gitRepo();
    untagged.commit(INIT);
    const none = report(untagged);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe("rollsafe: report: no tag is reachable from HEAD: give the range (rollsafe report <from>..<to>)\n");
  });

  it("outside a git repository is a usage error", () => {
    const dir = tempProject(INIT);
    const result = runCli(["report", "v1..v2"], { cwd: dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: report: .* is not inside a git repository\n$/);
  });

  it("fills the runbook with the configured commands", () => {
    const config = { rollback: { deploy: ["./deploy.sh", "--ref", "{ref}"], smoke: ["npm", "run", "smoke"], healthchecks: [{ url: "https://example.com/health" }], caches: [["redis-cli", "FLUSHDB"]] } };
    const repo = releasedRepo();
    repo.commit({ "rollsafe.config.json": JSON.stringify(config), "src/app.ts": "x\n" }, "v1.1.0");
    const { doc } = json(repo, "v1.0.0..v1.1.0");
    const steps = Object.fromEntries(doc.runbook.steps.map((s: { title: string }) => [s.title, s]));
    expect(steps["Redeploy v1.0.0"].commands).toEqual([["./deploy.sh", "--ref", "v1.0.0"]]);
    expect(steps["Smoke test"].commands).toEqual([["npm", "run", "smoke"]]);
    expect(steps["Verify health checks"].urls).toEqual(["https://example.com/health"]);
    expect(steps["Invalidate caches"].commands).toEqual([["redis-cli", "FLUSHDB"]]);
    expect(doc.runbook.note).toMatch(/^Rollback of v1\.1\.0 \([0-9a-f]{12}\) to v1\.0\.0 \([0-9a-f]{12}\): path service-rollback; failure class: code only \(no migration\)\.$/);
  });

  it("rejects a rollback command given as a shell string", () => {
    const repo = releasedRepo();
    repo.commit({ "rollsafe.config.json": JSON.stringify({ rollback: { deploy: "./deploy.sh {ref}" } }) }, "v1.1.0");
    const result = report(repo, "v1.0.0..v1.1.0");
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^rollsafe: rollsafe\.config\.json: rollback\.deploy: /);
    writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback: { smoke: ["x"], cache: [["y"]] } }));
    expect(report(repo, "v1.0.0..v1.1.0").stderr).toBe('rollsafe: rollsafe.config.json: unknown key "rollback.cache" (did you mean "caches"?)\n');
  });
});

describe("rollsafe report: formats", () => {
  function threeReleases(): Repo {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_add.sql": "ALTER TABLE users ADD COLUMN age integer;\n" }, "v1.1.0");
    repo.commit({ "migrations/003_reset.sql": "TRUNCATE users;\n" }, "v1.2.0");
    repo.commit({ "migrations/004_drop.sql": "ALTER TABLE users DROP COLUMN name;\n" }, "v1.3.0");
    return repo;
  }

  it("json has a version, the path, the score, deductions, findings and the timeline of releases", () => {
    const { doc } = json(threeReleases(), "v1.0.0..v1.3.0");
    expect(Object.keys(doc)).toEqual(["version", "range", "dir", "migrations", "path", "safe", "verdict", "reason", "decidedBy", "alternatives", "score", "grade", "deductions", "findings", "corrective", "evidence", "codeEvidence", "unanalysed", "compatibility", "runbook", "timeline", "problems"]);
    expect(doc.codeEvidence).toEqual([]); // no Drizzle schema file or schema.prisma at the previous release
    expect(doc.version).toBe(1);
    expect(doc.path).toBe("disaster-recovery");
    expect(doc.safe).toBe(false);
    expect(doc.score).toBe(100 - doc.deductions.reduce((n: number, d: { points: number }) => n + d.points, 0));
    expect(doc.timeline.map((t: { from: string; to: string; path: string; verdict: unknown }) => [t.from, t.to, t.path, t.verdict])).toEqual([
      ["v1.0.0", "v1.1.0", "schema-compatible-rollback", true],
      ["v1.1.0", "v1.2.0", "disaster-recovery", false],
      ["v1.2.0", "v1.3.0", "roll-forward", false],
    ]);
    expect(doc.findings[0]).toEqual(expect.objectContaining({ ruleId: expect.any(String), categories: expect.any(Array), line: expect.any(Number), overridden: null }));
  });

  it("html is one self-contained file: inline CSS, no script, no external URL", () => {
    const result = report(threeReleases(), "v1.0.0..v1.3.0", "--format", "html");
    expect(result.status).toBe(1);
    const html = result.stdout;
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script|<link|@import/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?[^"'\s>]*http/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain("Disaster recovery");
    expect(html).toContain("v1.1.0..v1.2.0");
    expect(html).toContain("−30");
  });

  it("markdown and text show the verdict, the score and the runbook", () => {
    const repo = threeReleases();
    const md = report(repo, "v1.2.0..v1.3.0", "--format", "markdown").stdout;
    expect(md).toContain("## Rollback report: `v1.2.0..v1.3.0`");
    expect(md).toContain("```sql\nALTER TABLE \"users\" ADD COLUMN IF NOT EXISTS \"name\" text;\n```");
    expect(md).toContain("### Runbook: roll-forward");
    const text = report(repo, "v1.2.0..v1.3.0").stdout;
    expect(text).toMatch(/Score: 67\/100, grade C/);
    expect(text).toContain("-30  dropping-column at migrations/004_drop.sql:1:19: data-loss error");
  });
});

describe("evidence", () => {
  it("names the static rules as the evidence and the checks that did not run", async () => {
    const { releaseEvidence } = await import("@rollsafe/core");
    const evidence = releaseEvidence(2, []);
    expect(evidence.map((e) => [e.source, e.used])).toEqual([
      ["static rules", true],
      ["drizzle snapshots", false],
      ["previous schema file", false],
      ["observed on PostgreSQL", false],
    ]);
    expect(evidence[0]!.detail).toContain("2 new migration(s)");
    // A release in a drizzle-kit folder with snapshots: they were compared by the snapshot checks.
    expect(releaseEvidence(1, [], [], true)[1]).toMatchObject({ source: "drizzle snapshots", used: true });
  });

  it("lists a DO block the static rules could not analyse in the report's evidence", () => {
    const repo = releasedRepo();
    repo.commit({ "migrations/002_do.sql": "DO $$ BEGIN EXECUTE 'ALTER TABLE users DROP COLUMN name'; END $$;\n" }, "v1.1.0");
    const { doc } = json(repo, "v1.0.0..v1.1.0");
    expect(doc.evidence[0]).toMatchObject({ source: "static rules", used: true });
    expect(doc.evidence[0].detail).toContain("1 statement(s) it could not model (DO blocks, functions, triggers, dynamic SQL)");
    expect(doc.evidence.filter((e: { used: boolean }) => !e.used)).toHaveLength(3);
  });
});

describe("rollsafe report: a foreign key dropped and added again (drizzle-kit changing ON DELETE)", () => {
  // As drizzle-kit writes it (Mail-0/Zero 0023 and 0025 of the shared corpus): the key is created with
  // the table, then dropped and re-added with ON DELETE cascade in one migration of a later release.
  const CREATE = {
    "migrations/0001_matrix.sql": [
      'CREATE TABLE "mail0_connection" ("id" text PRIMARY KEY NOT NULL);',
      'CREATE TABLE "mail0_writing_style_matrix" ("connectionId" text NOT NULL, "numMessages" integer NOT NULL, CONSTRAINT "mail0_writing_style_matrix_connectionId_pk" PRIMARY KEY("connectionId"));',
      'ALTER TABLE "mail0_writing_style_matrix" ADD CONSTRAINT "mail0_writing_style_matrix_connectionId_mail0_connection_id_fk" FOREIGN KEY ("connectionId") REFERENCES "public"."mail0_connection"("id") ON DELETE no action ON UPDATE no action;',
      "",
    ].join("\n"),
  };
  const readd = (onDelete: string) =>
    [
      'ALTER TABLE "mail0_writing_style_matrix" DROP CONSTRAINT "mail0_writing_style_matrix_connectionId_mail0_connection_id_fk";',
      "--> statement-breakpoint",
      `ALTER TABLE "mail0_writing_style_matrix" ADD CONSTRAINT "mail0_writing_style_matrix_connectionId_mail0_connection_id_fk" FOREIGN KEY ("connectionId") REFERENCES "public"."mail0_connection"("id") ON DELETE ${onDelete} ON UPDATE no action;`,
      "",
    ].join("\n");
  const breaking = (doc: { findings: { ruleId: string; categories: string[] }[] }) => doc.findings.filter((f) => f.categories.includes("breaking")).map((f) => f.ruleId);

  it("re-added looser (ON DELETE cascade): no break, a schema-compatible rollback, no corrective that drops the key", () => {
    const repo = gitRepo();
    repo.commit(CREATE, "v1.0.0");
    repo.commit({ "migrations/0002_cascade.sql": readd("cascade") }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0");
    expect(breaking(doc)).toEqual([]);
    expect(doc.path).toBe("schema-compatible-rollback");
    expect(doc.corrective).toEqual([]);
    expect(status).toBe(0);
  });

  it("re-added stricter (CASCADE to NO ACTION) is still a break", () => {
    const repo = gitRepo();
    repo.commit({ "migrations/0001_matrix.sql": CREATE["migrations/0001_matrix.sql"].replace("ON DELETE no action", "ON DELETE cascade") }, "v1.0.0");
    repo.commit({ "migrations/0002_strict.sql": readd("no action") }, "v1.1.0");
    const { status, doc } = json(repo, "v1.0.0..v1.1.0");
    expect(breaking(doc)).toEqual(["adding-foreign-key"]);
    expect(doc.path).toBe("roll-forward");
    expect(status).toBe(1);
  });
});
