#!/usr/bin/env node
// npm run bench:verify: `rollsafe verify` (PGlite) on the lobe-chat and langfuse folders of the shared
// corpus, through the built CLI as a child process, wall time end to end. Three runs per case, medians:
// - cold, nothing cached: initdb runs, every migration is applied and traced;
// - cold, empty-cluster image cached (what every run after a project's first one starts from): every
//   migration applied and traced;
// - warm, a pull request's last 10 migrations: `--changed-since main` in a git repository whose main
//   branch lacks them, the state after the other migrations restored from the cache.
// BENCH_CORPUS: another corpus; BENCH_RUNS: runs per case.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fail, median, table } from "./support.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "packages/cli/bin/rollsafe.js");
const corpus = process.env.BENCH_CORPUS ?? join(ROOT, "../shared/corpus");
const runs = Number(process.env.BENCH_RUNS ?? 3);
const FOLDERS = [
  { name: "lobe-chat", dir: "lobehub__lobe-chat", kind: "drizzle" },
  { name: "langfuse", dir: "langfuse__langfuse", kind: "prisma" },
];
const LAST = 10;
if (!existsSync(corpus)) fail(`corpus not found at ${corpus} (set BENCH_CORPUS)`);
if (!existsSync(join(ROOT, "packages/cli/dist/rollsafe.bundle.js"))) fail("rollsafe is not built: run npm run build");

function git(dir, ...args) {
  execFileSync("git", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** One verify run: wall time and the JSON summary. */
function verify(cwd, args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, "verify", "m", "--format", "json", ...args], { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) fail(`verify exited ${result.status}: ${result.stderr}`);
  const json = JSON.parse(result.stdout);
  return { ms, summary: json.summary, failure: json.failure };
}

/** A project folder holding the corpus folder as `m/`, optionally without its last migrations. */
function projectWith(folder, dropLast = 0) {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-bench-verify-"));
  cpSync(join(corpus, folder.dir), join(dir, "m"), { recursive: true });
  if (dropLast === 0) return dir;
  if (folder.kind === "drizzle") {
    const journalPath = join(dir, "m/meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8"));
    const dropped = journal.entries.splice(-dropLast);
    writeFileSync(journalPath, JSON.stringify(journal, null, 2));
    for (const e of dropped) rmSync(join(dir, "m", `${e.tag}.sql`));
  } else {
    const names = readdirSync(join(dir, "m"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const name of names.slice(-dropLast)) rmSync(join(dir, "m", name), { recursive: true });
  }
  return dir;
}

const rows = [["case", "median s", "runs (s)", "statements", "failed", "not verifiable", "mismatches", "from cache"]];
const temp = [];
const baseImages = mkdtempSync(join(tmpdir(), "rollsafe-bench-verify-base-"));
temp.push(baseImages);
const load = [];
try {
  for (const folder of FOLDERS) {
    const results = { cold: [], base: [], warm: [] };
    for (let i = 0; i < runs; i++) {
      load.push(loadavg()[0]);
      // Cold: an empty cache folder.
      const cold = projectWith(folder);
      temp.push(cold);
      results.cold.push(verify(cold, []));
      // Keep the empty-cluster image it made, for the runs that start from one.
      const cache = join(cold, ".rollsafe/cache/verify-2");
      for (const f of readdirSync(cache).filter((n) => n.startsWith("pglite-base-"))) cpSync(join(cache, f), join(baseImages, f));
      // Cold trace, base image cached: a new project folder with only the image in its cache.
      const base = projectWith(folder);
      temp.push(base);
      cpSync(baseImages, join(base, ".rollsafe/cache/verify-2"), { recursive: true });
      results.base.push(verify(base, []));
    }
    // Warm: main lacks the last 10 migrations; the branch adds them.
    const repo = projectWith(folder, LAST);
    temp.push(repo);
    git(repo, "init", "--quiet", "--initial-branch=main");
    git(repo, "-c", "user.name=bench", "-c", "user.email=bench@rollsafe.invalid", "add", "--all");
    git(repo, "-c", "user.name=bench", "-c", "user.email=bench@rollsafe.invalid", "commit", "--quiet", "--no-gpg-sign", "-m", "main");
    git(repo, "checkout", "--quiet", "-b", "feature");
    rmSync(join(repo, "m"), { recursive: true });
    cpSync(join(corpus, folder.dir), join(repo, "m"), { recursive: true });
    cpSync(baseImages, join(repo, ".rollsafe/cache/verify-2"), { recursive: true });
    const fill = verify(repo, ["--changed-since", "main"]);
    for (let i = 0; i < runs; i++) results.warm.push(verify(repo, ["--changed-since", "main"]));
    const label = { cold: "cold, nothing cached (initdb)", base: "cold, empty-cluster image cached", warm: `warm, last ${LAST} (cache hit)` };
    for (const [key, list] of Object.entries(results)) {
      const last = list[list.length - 1];
      rows.push([`${folder.name}: ${label[key]}`, (median(list.map((r) => r.ms)) / 1000).toFixed(2), list.map((r) => (r.ms / 1000).toFixed(1)).join(" "), last.summary.statements, last.summary.failed, last.summary.notVerifiable, last.summary.mismatches, last.summary.fromCache]);
    }
    rows.push([`${folder.name}: first --changed-since run (fills the cache)`, (fill.ms / 1000).toFixed(2), (fill.ms / 1000).toFixed(1), fill.summary.statements, fill.summary.failed, fill.summary.notVerifiable, fill.summary.mismatches, fill.summary.fromCache]);
  }
} finally {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
}
console.log(table(rows));
console.log(`\n${runs} run(s) per case; 1-minute load average at the start of each cold run: ${load.map((l) => l.toFixed(1)).join(", ")}`);
