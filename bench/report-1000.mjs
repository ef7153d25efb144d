#!/usr/bin/env node
// npm run bench:report: wall time of `rollsafe report` on a temp git repository with a plain folder of
// 1,000 migrations (mostly CREATE TABLE / ADD COLUMN / CREATE INDEX, some DROP COLUMN) and 100 tags, one
// every 10 migrations (v0001 .. v0100, HEAD is v0100). Medians of BENCH_RUNS (5) runs per case, against
// the 3 s target. The temp repository is removed at the end.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median, table, fail } from "./support.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "packages/cli/bin/rollsafe.js");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 3000;
const MIGRATIONS = 1000;
const PER_TAG = 10;

if (!existsSync(join(root, "packages/cli/dist/main.js"))) fail("rollsafe is not built: run npm run build");

const repo = mkdtempSync(join(tmpdir(), "rollsafe-report-1000-"));
try {
  const t0 = performance.now();
  const drops = buildRepo(repo);
  console.log(`repository: ${MIGRATIONS} migrations (${drops} with a DROP COLUMN) in migrations/, ${MIGRATIONS / PER_TAG} tags; built in ${(performance.now() - t0).toFixed(0)} ms`);

  const cases = [
    ["default range (latest tag..HEAD), text", []],
    ["default range, --format html", ["--format", "html"]],
    ["v0001..v0100, --format json", ["v0001..v0100", "--format", "json"]],
    ["v0001..v0100, --format html", ["v0001..v0100", "--format", "html"]],
    ["v0001..v0100, --per-release --format release-safety", ["v0001..v0100", "--per-release", "--format", "release-safety"]],
  ];
  const rows = [["case", "median ms", "min ms", "max ms", "target"]];
  for (const [label, args] of cases) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(timeRun(["report", ...args, "migrations"]));
    const m = median(samples);
    rows.push([label, m.toFixed(0), Math.min(...samples).toFixed(0), Math.max(...samples).toFixed(0), m <= TARGET_MS ? "ok (< 3 s)" : "OVER 3 s"]);
  }
  // What the ranges cover, from one JSON run each.
  const explicit = JSON.parse(run(["report", "v0001..v0100", "migrations", "--format", "json"]).stdout);
  const latest = JSON.parse(run(["report", "migrations", "--format", "json"]).stdout);
  console.log(`default range: ${latest.range.from.ref}..${latest.range.to.ref}, ${latest.migrations.checked.length} migrations checked, ${latest.migrations.history} replayed; ${latest.path}, ${latest.score} (${latest.grade})`);
  console.log(`v0001..v0100: ${explicit.migrations.checked.length} migrations checked, ${explicit.migrations.history} replayed, timeline of ${explicit.timeline.length} releases; ${explicit.path}, ${explicit.score} (${explicit.grade})`);
  console.log(`${runs} runs per case (median), target ${TARGET_MS / 1000} s:`);
  console.log(table(rows));
} finally {
  rmSync(repo, { recursive: true, force: true });
}

/** Writes and commits the migrations, tagging every PER_TAG; returns how many drop a column. */
function buildRepo(dir) {
  const git = (...args) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "rollsafe bench");
  git("config", "user.email", "bench@rollsafe.invalid");
  git("config", "commit.gpgsign", "false");
  git("config", "tag.gpgsign", "false");
  mkdirSync(join(dir, "migrations"));
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const tables = []; // { name, columns: string[] }
  let drops = 0;
  for (let i = 1; i <= MIGRATIONS; i++) {
    const r = random();
    let sql;
    let name;
    const table = tables.length > 0 ? tables[Math.floor(random() * tables.length)] : undefined;
    if (!table || r < 0.35) {
      const t = { name: `t${String(tables.length + 1).padStart(4, "0")}`, columns: ["name", "created_at"] };
      tables.push(t);
      name = `create_${t.name}`;
      sql = `CREATE TABLE ${t.name} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n`;
    } else if (r < 0.7) {
      const column = `c${i}`;
      table.columns.push(column);
      name = `add_${table.name}_${column}`;
      sql = `ALTER TABLE ${table.name} ADD COLUMN ${column} ${random() < 0.5 ? "text" : "integer"};\n`;
    } else if (r < 0.95 || table.columns.length < 3) {
      const column = table.columns[Math.floor(random() * table.columns.length)];
      name = `index_${table.name}_${column}`;
      sql = `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${table.name}_${column}_${i}_idx ON ${table.name} (${column});\n`;
    } else {
      const column = table.columns.splice(2 + Math.floor(random() * (table.columns.length - 2)), 1)[0];
      name = `drop_${table.name}_${column}`;
      sql = `ALTER TABLE ${table.name} DROP COLUMN ${column};\n`;
      drops++;
    }
    writeFileSync(join(dir, "migrations", `${String(i).padStart(4, "0")}_${name}.sql`), sql);
    if (i % PER_TAG === 0) {
      const tag = `v${String(i / PER_TAG).padStart(4, "0")}`;
      git("add", "--all");
      git("commit", "--quiet", "-m", tag);
      git("tag", "-a", tag, "-m", tag);
    }
  }
  return drops;
}

function run(args) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  // 0: a safe path, 1: an unsafe one; anything else is a crash.
  if (result.status !== 0 && result.status !== 1) fail(`rollsafe ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return result;
}

function timeRun(args) {
  const start = performance.now();
  run(args);
  return performance.now() - start;
}
