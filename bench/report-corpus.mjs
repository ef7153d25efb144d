#!/usr/bin/env node
// npm run bench:report-corpus: `rollsafe report` on pseudo-releases of the shared corpus. Each migration
// set gets a temp git repository with its folder laid out as in the corpus, its migrations committed ten
// at a time with a tag after each group (v0000 is the commit before any migration), and a report for
// each pair of consecutive tags. Prints the rollback paths and grades per project and overall, five
// sample verdicts, and every crash (exit code other than 0/1, unparsable JSON): exit 1 if there is one.
// BENCH_CORPUS: another corpus; BENCH_PROJECTS=a,b: only those projects; BENCH_GROUP: migrations per release.
import { existsSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { buildReleaseRepo, corpusSets, GRADES, PATHS, reportReleases, ROOT } from "./pseudo-releases.mjs";
import { table, fail } from "./support.mjs";

const corpus = process.env.BENCH_CORPUS ?? join(ROOT, "../shared/corpus");
const groupSize = Number(process.env.BENCH_GROUP ?? 10);
const only = process.env.BENCH_PROJECTS?.split(",");
if (!existsSync(corpus)) fail(`corpus not found at ${corpus} (set BENCH_CORPUS)`);
if (!existsSync(join(ROOT, "packages/cli/dist/main.js"))) fail("rollsafe is not built: run npm run build");

const started = performance.now();
const sets = await corpusSets(corpus, only);
const results = []; // { project, dir, ...reportRange result }
const repos = [];
try {
  for (const set of sets) {
    const t0 = performance.now();
    const { repo, tags } = buildReleaseRepo(corpus, set, groupSize);
    repos.push(repo);
    const t1 = performance.now();
    const runs = await reportReleases(repo, set.dir, tags, availableParallelism());
    const t2 = performance.now();
    results.push(...runs.map((r) => ({ project: set.project, dir: set.dir, ...r })));
    console.log(`${set.dir} (${set.kind}): ${set.migrations.length} migrations, ${tags.length - 1} releases; repo ${ms(t1 - t0)}, reports ${ms(t2 - t1)} (${ms((t2 - t1) / Math.max(1, runs.length))} each)`);
  }
} finally {
  for (const repo of repos) rmSync(repo, { recursive: true, force: true });
}

const ok = results.filter((r) => !r.crash);
const projects = [...new Set(results.map((r) => r.project))];
const rows = [["project", "releases", ...PATHS.slice(0, 4), ...GRADES, "crashes"]];
for (const project of [...projects, "overall"]) {
  const mine = results.filter((r) => project === "overall" || r.project === project);
  const good = mine.filter((r) => !r.crash);
  rows.push([project, mine.length, ...PATHS.slice(0, 4).map((p) => good.filter((r) => r.doc.path === p).length), ...GRADES.map((g) => good.filter((r) => r.doc.grade === g).length), mine.length - good.length]);
}
console.log(`\npaths and grades per pseudo-release (${groupSize} migrations each; corpus ${corpus}):`);
console.log(table(rows));

// Samples a human can read: one per project, an unsafe verdict where the project has one.
const rank = { "disaster-recovery": 0, "roll-forward": 1, "schema-compatible-rollback": 2, "service-rollback": 3 };
const samples = projects
  .map((p) => ok.filter((r) => r.project === p).sort((a, b) => rank[a.doc.path] - rank[b.doc.path])[0])
  .filter(Boolean)
  .sort((a, b) => rank[a.doc.path] - rank[b.doc.path])
  .slice(0, 5);
console.log("\nsample verdicts:");
for (const s of samples) {
  console.log(`- ${s.dir} ${s.from}..${s.to} (${s.doc.migrations.checked.length} migrations): ${s.doc.path}, score ${s.doc.score} (${s.doc.grade})`);
  console.log(`  ${s.doc.reason}`);
}

const warned = ok.filter((r) => r.stderr.trim() !== "");
if (warned.length > 0) {
  console.log(`\n${warned.length} report(s) wrote to stderr:`);
  for (const r of warned.slice(0, 10)) console.log(`- ${r.dir} ${r.from}..${r.to}: ${r.stderr.trim().split("\n")[0]}`);
}
const crashes = results.filter((r) => r.crash);
console.log(`\n${results.length} reports, ${crashes.length} crashes, ${ms(performance.now() - started)} in all`);
if (crashes.length > 0) {
  console.error(`\n!!! ${crashes.length} CRASH(ES) !!!`);
  for (const c of crashes) console.error(`- ${c.dir} ${c.from}..${c.to}: ${c.crash}\n  ${c.stderr.trim().split("\n").slice(0, 6).join("\n  ")}`);
  process.exit(1);
}

function ms(value) {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
