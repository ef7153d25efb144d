// `rollsafe report --per-release --format release-safety` on pseudo-releases of two small real
// projects of the shared corpus (read from ../shared/corpus at run time), with the built CLI: the
// artifact matches its schema, and each release step's verdict is the one `rollsafe report` gives
// that release on its own (one decision tree, two ways of running it). The same code as
// bench/release-safety-corpus.mjs (npm run bench:release-safety-corpus).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReleaseRepo, corpusSets, releaseSafetyRange, reportReleases } from "../bench/pseudo-releases.mjs";
import { CORPUS_DIR, RUN_CORPUS_TESTS } from "./support/corpus.js";
import { releaseSafetyErrors } from "./support/release-safety-schema.js";

interface Artifact {
  compatibility: { rollbackSafe: unknown };
  releases: { from: string; to: string; compatibility: { rollbackSafe: unknown }; reasons: { verdict: unknown; at: string; message: string }[] }[];
  span: { minPreviousVersion: string | null; requiredStops: string[] };
}

const PROJECTS = ["vercel__ai-chatbot", "Mail-0__Zero"];

describe.skipIf(!RUN_CORPUS_TESTS)("release-safety artifacts of pseudo-releases of real projects", () => {
  const repos: string[] = [];
  const results = new Map<string, { artifact: Artifact; stderr: string; crash?: string; single: { from: string; to: string; doc: { verdict: unknown } }[] }>();

  beforeAll(async () => {
    for (const set of await corpusSets(CORPUS_DIR, PROJECTS)) {
      const { repo, tags } = buildReleaseRepo(CORPUS_DIR, set);
      repos.push(repo);
      const run = await releaseSafetyRange(repo, set.dir, tags[0], tags[tags.length - 1], ["--per-release"]);
      const single = await reportReleases(repo, set.dir, tags, 2);
      results.set(set.project, { artifact: run.doc, stderr: run.stderr, crash: run.crash, single });
    }
  }, 120_000);

  afterAll(() => {
    for (const repo of repos) rmSync(repo, { recursive: true, force: true });
  });

  it("writes an artifact the schema accepts, whose release steps agree with the single-release reports", () => {
    expect([...results.keys()].sort()).toEqual([...PROJECTS].sort());
    for (const [project, r] of results) {
      expect(r.crash, `${project}: ${r.stderr}`).toBeUndefined();
      expect(releaseSafetyErrors(r.artifact)).toEqual([]);
      expect(r.artifact.releases.map((s) => [`${s.from}..${s.to}`, s.compatibility.rollbackSafe])).toEqual(r.single.map((s) => [`${s.from}..${s.to}`, s.doc.verdict]));
    }
  });

  it("Zero: its second release drops columns (false), the others are safe; the stop is that release", () => {
    const zero = results.get("Mail-0__Zero")!.artifact;
    expect(zero.releases.map((s) => s.compatibility.rollbackSafe)).toEqual([true, false, true]);
    expect(zero.span).toMatchObject({ minPreviousVersion: "v0002", requiredStops: ["v0002"] });
  });

  it("ai-chatbot: drizzle-kit's DO-block foreign keys are checked as the statements they run: its one release is rollback-safe, nothing unknown", () => {
    const chatbot = results.get("vercel__ai-chatbot")!.artifact;
    // The keys reference tables the same release creates: old code never sees them.
    expect(chatbot.compatibility.rollbackSafe).toBe(true);
    expect(chatbot.releases[0]!.reasons.filter((r) => r.verdict === "unknown")).toEqual([]);
    expect(chatbot.span.minPreviousVersion).toBe("v0000");
  });
});
