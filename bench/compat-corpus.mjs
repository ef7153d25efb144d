#!/usr/bin/env node
// npm run bench:compat: wall time of `rollsafe compat --base <ref>` (the built CLI, as a child process)
// over the real lobe-chat history of the shared corpus: a temp git repository with one commit (and tag)
// per migration, in journal order (bench/pseudo-releases.mjs), checked out at the last one. Scenarios:
// - the whole history: --base v0001 (the first migration), 117 new migrations against the schema the
//   first one built (no snapshot at that base: its migrations are replayed);
// - since the first snapshot in the corpus: --base v0106 (migration 0105 and meta/0105_snapshot.json), 12
//   new migrations against that snapshot;
// - fixtures/drizzle-app v3 --base v2: the schema file read with ts-morph at the base and the current code
//   scanned (the path that loads ts-morph).
// Runs alternate between scenarios; medians are printed. BENCH_RUNS: runs per scenario (default 7).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { BIN, buildReleaseRepo, corpusSets, ROOT } from "./pseudo-releases.mjs";
import { fail, median, table } from "./support.mjs";

const corpus = process.env.BENCH_CORPUS ?? join(ROOT, "../shared/corpus");
const runs = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_MS = 2000;
if (!existsSync(corpus)) fail(`corpus not found at ${corpus} (set BENCH_CORPUS)`);
if (!existsSync(join(ROOT, "packages/cli/dist/main.js"))) fail("rollsafe is not built: run npm run build");

const [lobe] = await corpusSets(corpus, ["lobehub__lobe-chat"]);
if (!lobe) fail("lobehub__lobe-chat is not in the corpus");
const started = performance.now();
const { repo, tags } = buildReleaseRepo(corpus, lobe, 1);
const app = fixtureAppRepo();
console.log(`lobe-chat: ${lobe.migrations.length} migrations, ${tags.length - 1} commits (${((performance.now() - started) / 1000).toFixed(1)} s to build the repository)`);

const scenarios = [
  { name: "lobe-chat, whole history (--base v0001)", target: true, cwd: repo, args: ["compat", lobe.dir, "--base", "v0001", "--format", "json"] },
  { name: "lobe-chat, since snapshot 0105 (--base v0106)", target: true, cwd: repo, args: ["compat", lobe.dir, "--base", "v0106", "--format", "json"] },
  { name: "drizzle-app v3 --base v2 (ts-morph, code scan)", cwd: app, args: ["compat", "--base", "v2", "--format", "json"] },
];
const samples = scenarios.map(() => []);
const outcomes = scenarios.map(() => undefined);
try {
  for (let i = 0; i < runs; i++) {
    scenarios.forEach((s, k) => {
      const t0 = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [BIN, ...s.args], { cwd: s.cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } });
      samples[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (result.status !== 0 && result.status !== 1) fail(`${s.name}: exit ${result.status}: ${result.stderr}`);
      const doc = JSON.parse(result.stdout);
      outcomes[k] = `${doc.newMigrations.length} new, expectations: ${doc.expectations.source}, ${doc.breaks.length} breaks, ${doc.references.length} references`;
    });
  }
} finally {
  rmSync(repo, { recursive: true, force: true });
  rmSync(app, { recursive: true, force: true });
}

// The target (2 s wall on a 2-core machine) is for the lobe-chat history; the fixture app's run is
// there to show what loading ts-morph and scanning code costs.
const rows = [["scenario", "median ms", "min ms", "max ms", "target 2 s"]];
scenarios.forEach((s, k) => rows.push([s.name, median(samples[k]).toFixed(0), Math.min(...samples[k]).toFixed(0), Math.max(...samples[k]).toFixed(0), !s.target ? "-" : median(samples[k]) < TARGET_MS ? "met" : "MISSED"]));
console.log(`\n${runs} runs per scenario, alternating; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end`);
console.log(table(rows));
console.log("");
scenarios.forEach((s, k) => console.log(`${s.name}: ${outcomes[k]}`));
if (scenarios.some((s, k) => s.target && median(samples[k]) >= TARGET_MS)) process.exitCode = 1;

/** fixtures/drizzle-app's v1..v3 committed and tagged, v3 checked out (as test/support/drizzle-app.ts builds it). */
function fixtureAppRepo() {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-bench-app-"));
  const git = (...args) => execFileSync("git", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "rollsafe bench");
  git("config", "user.email", "bench@rollsafe.invalid");
  git("config", "commit.gpgsign", "false");
  writeFileSync(join(dir, ".gitignore"), "node_modules\n");
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(join(ROOT, "node_modules/drizzle-orm"), join(dir, "node_modules/drizzle-orm"), "dir");
  for (const version of ["v1", "v2", "v3"]) {
    cpSync(join(ROOT, "fixtures/drizzle-app", version), dir, { recursive: true });
    git("add", "--all");
    git("commit", "--quiet", "-m", version);
    git("tag", version);
  }
  return dir;
}
