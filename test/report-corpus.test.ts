// `rollsafe report` on pseudo-releases of two small real projects of the shared corpus (read from
// ../shared/corpus at run time): a temp git repository per project, its migrations committed ten at a
// time with a tag after each group (v0000 before any migration), one report per pair of consecutive
// tags, with the built CLI. The same code as bench/report-corpus.mjs (npm run bench:report-corpus).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReleaseRepo, corpusSets, GRADES, PATHS, reportReleases } from "../bench/pseudo-releases.mjs";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";

interface Release {
  from: string;
  to: string;
  status: number | null;
  stderr: string;
  crash?: string;
  doc: {
    path: string;
    grade: string;
    score: number;
    safe: boolean;
    reason: string;
    migrations: { checked: string[]; history: number };
    decidedBy: { ruleId: string; path: string; line: number }[];
    corrective: { ruleId: string; sql: string | null }[];
    alternatives: { path: string }[];
  };
}

const PROJECTS = ["vercel__ai-chatbot", "Mail-0__Zero"];

describe.skipIf(!RUN_CORPUS_TESTS)("rollsafe report on pseudo-releases of real projects", () => {
  const repos: string[] = [];
  const releases = new Map<string, Release[]>();

  beforeAll(async () => {
    for (const set of await corpusSets(CORPUS_DIR, PROJECTS)) {
      const { repo, tags } = buildReleaseRepo(CORPUS_DIR, set);
      repos.push(repo);
      releases.set(set.project, (await reportReleases(repo, set.dir, tags, 2)) as Release[]);
    }
  }, 120_000);

  afterAll(() => {
    for (const repo of repos) rmSync(repo, { recursive: true, force: true });
  });

  it("reports every pseudo-release without a crash, each with one of the paths and a grade A-F", () => {
    expect([...releases.keys()].sort()).toEqual([...PROJECTS].sort());
    // 9 migrations: one release; 27: three (10, 10 and 7 migrations).
    expect(releases.get("vercel__ai-chatbot")!.map((r) => `${r.from}..${r.to}`)).toEqual(["v0000..v0001"]);
    expect(releases.get("Mail-0__Zero")!.map((r) => [`${r.from}..${r.to}`, r.doc?.migrations.checked.length])).toEqual([
      ["v0000..v0001", 10],
      ["v0001..v0002", 10],
      ["v0002..v0003", 7],
    ]);
    for (const r of [...releases.values()].flat()) {
      expect(r.crash, `${r.from}..${r.to}: ${r.stderr}`).toBeUndefined();
      expect(r.stderr).toBe("");
      expect(PATHS).toContain(r.doc.path);
      expect(GRADES).toContain(r.doc.grade);
      expect(r.status).toBe(r.doc.safe ? 0 : 1);
    }
  });

  it("Mail-0/Zero's second release drops columns of existing tables: roll forward, with the columns re-added", () => {
    const release = releases.get("Mail-0__Zero")![1]!;
    expect(release.doc.path).toBe("roll-forward");
    expect(release.status).toBe(1);
    expect(release.doc.migrations.history).toBe(10);
    expect(release.doc.decidedBy).toEqual(
      expect.arrayContaining([
        { ruleId: "dropping-column", path: "Mail-0__Zero/0010_dry_hemingway.sql", line: 1, column: expect.any(Number) },
        { ruleId: "dropping-column", path: "Mail-0__Zero/0014_cuddly_energizer.sql", line: 1, column: expect.any(Number) },
      ]),
    );
    expect(release.doc.corrective.map((c) => c.sql)).toEqual(
      expect.arrayContaining(['ALTER TABLE "mail0_user" ADD COLUMN IF NOT EXISTS "default_connection_id" text;', 'ALTER TABLE "mail0_session" ADD COLUMN IF NOT EXISTS "ip_address" text;']),
    );
    // The dropped data is gone: restoring it is the alternative.
    expect(release.doc.alternatives.map((a) => a.path)).toEqual(["disaster-recovery"]);
  });

  it("drops of tables and columns created in the same release break nothing the previous release used", () => {
    // Zero's first release creates tables (0000, 0001) and drops some of them (0002, 0003) and a column
    // (0007); ai-chatbot's one release creates "Chat" (0000) and drops two of its columns (0002, 0008).
    const first = [releases.get("Mail-0__Zero")![0]!, releases.get("vercel__ai-chatbot")![0]!];
    for (const r of first) {
      expect(r.doc.path).toBe("schema-compatible-rollback");
      expect(r.doc.migrations.history).toBe(0);
      expect(r.doc.decidedBy).toEqual([]);
    }
  });
});
