// Code evidence end to end, on real git histories: release A declares a column, B stops declaring it
// (no migration), C drops it. `report B..C` is a schema-compatible rollback that names B's schema file
// as the evidence; `report A..C` is still a roll-forward (A's code uses the column); the same for a
// Prisma project; `rollback --to B --execute` runs on the safe path. The migrations folder is found as
// lint finds it (drizzle.config's `out`, here a folder none of the usual names match).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXECUTOR_FIXTURES as F, fixtureRuns, pathWithNode } from "./support/fixture-log.js";
import { runCli } from "./support/run-cli.js";
import { runCliAsync } from "./support/run-cli-async.js";
import { taggedRepo, type TaggedRepo } from "./support/tagged-repo.js";

const DRIZZLE_CONFIG = `import { defineConfig } from "drizzle-kit";\nexport default defineConfig({ dialect: "postgresql", schema: "./lib/db/schema.ts", out: "./lib/db/migrations" });\n`;
const schemaTs = (withContext: boolean) =>
  [
    `import { pgTable, text, uuid } from "drizzle-orm/pg-core";`,
    `export const chat = pgTable("Chat", {`,
    `  id: uuid("id").primaryKey().notNull(),`,
    `  title: text("title").notNull(),`,
    ...(withContext ? [`  lastContext: text("lastContext"),`] : []),
    `});`,
    ``,
  ].join("\n");
const journal = (tags: string[]) => JSON.stringify({ version: "7", dialect: "postgresql", entries: tags.map((tag, idx) => ({ idx, version: "7", when: 1700000000000 + idx, tag, breakpoints: true })) }, null, 2);
const INIT_SQL = `CREATE TABLE "Chat" ("id" uuid PRIMARY KEY NOT NULL, "title" text NOT NULL, "lastContext" text);\n`;
const DROP_SQL = `ALTER TABLE "Chat" DROP COLUMN IF EXISTS "lastContext";\n`;

/** A: declares Chat.lastContext; B: the schema file no longer does (no migration); C: the migration drops it. */
function drizzleProject(): TaggedRepo {
  const repo = taggedRepo();
  repo.commit({ "drizzle.config.ts": DRIZZLE_CONFIG, "lib/db/schema.ts": schemaTs(true), "lib/db/migrations/0000_init.sql": INIT_SQL, "lib/db/migrations/meta/_journal.json": journal(["0000_init"]) }, "A");
  repo.commit({ "lib/db/schema.ts": schemaTs(false) }, "B");
  repo.commit({ "lib/db/migrations/0001_drop_context.sql": DROP_SQL, "lib/db/migrations/meta/_journal.json": journal(["0000_init", "0001_drop_context"]) }, "C");
  return repo;
}

const prismaSchema = (withContext: boolean) =>
  [
    `datasource db {`,
    `  provider = "postgresql"`,
    `  url      = env("DATABASE_URL") // a comment { with a brace`,
    `}`,
    `model Chat {`,
    `  id          String  @id @default(uuid())`,
    `  title       String`,
    ...(withContext ? [`  lastContext String? @map("last_context")`] : []),
    `  @@map("chats")`,
    `}`,
    ``,
  ].join("\n");

function prismaProject(): TaggedRepo {
  const repo = taggedRepo();
  repo.commit({ "prisma/schema.prisma": prismaSchema(true), "prisma/migrations/20240101000000_init/migration.sql": `CREATE TABLE "chats" ("id" TEXT NOT NULL, "title" TEXT NOT NULL, "last_context" TEXT, CONSTRAINT "chats_pkey" PRIMARY KEY ("id"));\n`, "prisma/migrations/migration_lock.toml": `provider = "postgresql"\n` }, "A");
  repo.commit({ "prisma/schema.prisma": prismaSchema(false) }, "B");
  repo.commit({ "prisma/migrations/20240201000000_drop_context/migration.sql": `ALTER TABLE "chats" DROP COLUMN "last_context";\n` }, "C");
  return repo;
}

interface ReportJson {
  path: string;
  safe: boolean;
  reason: string;
  score: number;
  deductions: { points: number; reason: string; ruleId: string }[];
  evidence: { source: string; used: boolean; detail: string }[];
  codeEvidence: { ruleId: string; cleared: boolean; because: string }[];
  corrective: unknown[];
  timeline: { from: string; to: string; path: string; verdict: unknown }[];
}

function report(repo: TaggedRepo, range: string, format = "json") {
  return runCli(["report", range, "--format", format], { cwd: repo.dir });
}

describe("report: code evidence from the previous release's Drizzle schema file", () => {
  const repo = drizzleProject();

  it("B..C: B's schema.ts no longer declares the dropped column, so the rollback to B is schema-compatible (exit 0), and the evidence is named", () => {
    const result = report(repo, "B..C");
    expect(result.stderr).toBe("");
    const doc = JSON.parse(result.stdout) as ReportJson;
    expect(doc.path).toBe("schema-compatible-rollback");
    expect(doc.safe).toBe(true);
    expect(result.status).toBe(0);
    expect(doc.codeEvidence).toEqual([{ ruleId: "dropping-column", at: "lib/db/migrations/0001_drop_context.sql:1", path: "lib/db/migrations/0001_drop_context.sql", line: 1, cleared: true, because: "B's lib/db/schema.ts no longer declares Chat.lastContext" }]);
    expect(doc.reason).toContain("B's lib/db/schema.ts no longer declares Chat.lastContext");
    // Data loss stays data loss: the backup note, and the data-loss weight in the score.
    expect(doc.reason).toContain("only a backup or PITR brings it back");
    expect(doc.deductions.filter((d) => d.ruleId === "dropping-column")).toEqual([{ points: 30, reason: "data-loss error (not a rollback break: B's lib/db/schema.ts no longer declares Chat.lastContext)", ruleId: "dropping-column", path: "lib/db/migrations/0001_drop_context.sql", line: 1, column: 20 }]);
    expect(doc.evidence.find((e) => e.source === "previous schema file")).toMatchObject({ used: true });
    expect(doc.corrective).toEqual([]);
    // The release timeline follows the same evidence: its step agrees with the headline.
    expect(doc.timeline.map((t) => [t.from, t.to, t.path, t.verdict])).toEqual([["B", "C", "schema-compatible-rollback", true]]);
  });

  it("--per-release A..C: each step follows the code of the release before it (A..B has no migration, B..C is cleared)", () => {
    const doc = JSON.parse(runCli(["report", "A..C", "--per-release", "--format", "json"], { cwd: repo.dir }).stdout) as ReportJson;
    expect(doc.timeline.map((t) => [t.from, t.to, t.path, t.verdict])).toEqual([
      ["A", "B", "service-rollback", true],
      ["B", "C", "schema-compatible-rollback", true],
    ]);
    expect(doc.path).toBe("roll-forward");
  });

  it("A..C: A's code still declares the column: roll forward (exit 1), with the evidence that keeps it blocking", () => {
    const result = report(repo, "A..C");
    const doc = JSON.parse(result.stdout) as ReportJson;
    expect(doc.path).toBe("roll-forward");
    expect(result.status).toBe(1);
    expect(doc.codeEvidence.map((e) => [e.cleared, e.because])).toEqual([[false, "A's lib/db/schema.ts still declares Chat.lastContext: the previous code uses it"]]);
    expect(doc.reason).toContain("A's lib/db/schema.ts still declares Chat.lastContext");
  });

  it("every format names the evidence: text, Markdown, HTML and the release-safety artifact", () => {
    const because = "B's lib/db/schema.ts no longer declares Chat.lastContext";
    for (const format of ["text", "markdown", "html"]) {
      const result = report(repo, "B..C", format);
      expect(result.status, format).toBe(0);
      expect(result.stdout.replace(/&#39;|&#x27;/g, "'"), format).toContain(because);
    }
    const artifact = report(repo, "B..C", "release-safety");
    const doc = JSON.parse(artifact.stdout) as { compatibility: { rollbackSafe: unknown }; checked: { previousSchema: boolean }; codeEvidence: { because: string; cleared: boolean }[] };
    expect(doc.compatibility.rollbackSafe).toBe(true);
    expect(doc.checked.previousSchema).toBe(true);
    expect(doc.codeEvidence).toMatchObject([{ cleared: true, because }]);
  });

  it("without a schema file at the previous release, the SQL alone decides as before", () => {
    const bare = taggedRepo();
    bare.commit({ "migrations/0000_init.sql": INIT_SQL }, "A");
    bare.commit({ "migrations/0001_drop.sql": DROP_SQL }, "C");
    const result = report(bare, "A..C");
    const doc = JSON.parse(result.stdout) as ReportJson;
    expect(doc.path).toBe("roll-forward");
    expect(doc.codeEvidence).toEqual([]);
    expect(doc.evidence.find((e) => e.source === "previous schema file")).toMatchObject({ used: false });
    expect(result.status).toBe(1);
  });
});

describe("report: code evidence from the previous release's schema.prisma", () => {
  const repo = prismaProject();

  it("B..C is a schema-compatible rollback naming B's schema.prisma (the SQL names come from @map and @@map)", () => {
    const result = report(repo, "B..C");
    const doc = JSON.parse(result.stdout) as ReportJson;
    expect(doc.path).toBe("schema-compatible-rollback");
    expect(result.status).toBe(0);
    expect(doc.codeEvidence.map((e) => [e.cleared, e.because])).toEqual([[true, "B's prisma/schema.prisma no longer declares chats.last_context"]]);
  });

  it("A..C is a roll-forward: A's schema.prisma still declares chats.last_context", () => {
    const result = report(repo, "A..C");
    const doc = JSON.parse(result.stdout) as ReportJson;
    expect(doc.path).toBe("roll-forward");
    expect(result.status).toBe(1);
    expect(doc.codeEvidence.map((e) => e.because)).toEqual(["A's prisma/schema.prisma still declares chats.last_context: the previous code uses it"]);
  });
});

describe("rollback: code evidence decides the path", () => {
  it("rollback --to B --execute runs the deploy on the safe path; --to A is refused and the refusal names the evidence", async () => {
    const repo = drizzleProject();
    writeFileSync(join(repo.dir, "rollsafe.config.json"), JSON.stringify({ rollback: { deploy: [`${F}deploy`, "--ref", "{ref}"] } }, null, 2));
    const log = join(mkdtempSync(join(tmpdir(), "rollsafe-fixture-log-")), "runs.jsonl");
    const env = { PATH: pathWithNode(), ROLLSAFE_FIXTURE_LOG: log };
    const safe = await runCliAsync(["rollback", "--to", "B", "--execute"], { cwd: repo.dir, env });
    expect(safe.stdout).toContain("schema-compatible-rollback");
    expect(safe.status).toBe(0);
    expect(fixtureRuns(log).map((r) => [r.name, r.argv])).toEqual([["deploy", ["--ref", "B"]]]);

    const refused = await runCliAsync(["rollback", "--to", "A", "--execute"], { cwd: repo.dir, env });
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("A's lib/db/schema.ts still declares Chat.lastContext");
    expect(fixtureRuns(log)).toHaveLength(1);
    const audit = readFileSync(join(repo.dir, ".rollsafe/audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { outcome: string });
    expect(audit.map((a) => a.outcome)).toEqual(["succeeded", "refused"]);
  });
});
