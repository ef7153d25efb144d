#!/usr/bin/env node
// npm run bench:eslint: the editor case of eslint-plugin-rollsafe. A plain folder of 800 migrations
// (CREATE TABLE, ADD COLUMN, indexes, foreign keys), and the newest one being written: ESLint's Node
// API (what the VS Code ESLint server runs) lints it with the recommended preset through lintText,
// as an editor does on every change. Each run is a fresh Node process:
//   - cold: importing ESLint and the plugin (the parser's WASM), then the first lint of the file
//     (reading the folder and replaying the 799 migrations before it);
//   - warm: 100 re-lints of the file, its text changed each time (typing); target: median < 20 ms;
//   - an earlier migration edited: the next lint re-reads the folder and replays from the last
//     checkpoint before it (the previous migration: at once; an old one: once the last full check of
//     the stamps is a second old).
// Medians over BENCH_RUNS (5) processes, and as many with `node --liftoff-only`. Also, once: `eslint` over the whole folder (Node API,
// lintFiles) against `rollsafe lint` on it.
// The Drizzle case, in as many fresh processes: a schema file of 80 tables (~1,000 lines) in a project
// whose latest drizzle-kit snapshot matches it (bench/drizzle-schema-project.mjs), linted by the same
// preset (typescript-eslint's parser, the five Drizzle rules): the cold first lint (TypeScript's parser,
// drizzle.config, the snapshot), then 100 re-lints while a NOT NULL column is typed into table 40 (one
// finding each), alternating with the same re-lint with the Drizzle rules off (ESLint and the parser
// alone), so the rules' own share shows. The temp folder is removed at the end.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { buildDrizzleProject, editedSchema, TABLES } from "./drizzle-schema-project.mjs";
import { fail, median, table } from "./support.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const MIGRATIONS = 800;
const WARM_LINTS = 100;
const TARGET_MS = 20;

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4]);
} else if (process.argv[2] === "--write-folder") {
  // For profiling by hand: writes the benchmark's folder to <dir>/migrations and stops.
  console.log(`${buildFolder(join(process.argv[3], "migrations"))} statements in ${process.argv[3]}/migrations`);
} else {
  await main();
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  if (!existsSync(join(root, "packages/eslint-plugin/dist/index.js"))) fail("eslint-plugin-rollsafe is not built: run npm run build");
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-bench-eslint-"));
  try {
    const statements = buildFolder(join(dir, "migrations"));
    console.log(`folder: ${MIGRATIONS} migrations, ${statements} statements, in migrations/ (plain layout); linting the newest one, ${WARM_LINTS} warm re-lints per process`);
    console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}, Node ${process.version}`);
    const measure = (nodeFlags) => {
      const result = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), "--child", dir, "editor"], { encoding: "utf8" });
      if (result.status !== 0) fail(`the benchmark process failed: ${result.stderr}`);
      return JSON.parse(result.stdout);
    };
    // Alternating: Node's defaults (what an editor runs), and --liftoff-only (WebAssembly never
    // tiered up to TurboFan, as the rollsafe bin runs; an editor can pass it, e.g. VS Code's eslint.execArgv).
    buildDrizzleProject(join(dir, "drizzle-app"));
    const measureDrizzle = () => {
      const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", dir, "drizzle"], { encoding: "utf8" });
      if (result.status !== 0) fail(`the Drizzle benchmark process failed: ${result.stderr}`);
      return JSON.parse(result.stdout);
    };
    const results = [];
    const liftoff = [];
    const drizzle = [];
    for (let i = 0; i < runs; i++) {
      results.push(measure([]));
      liftoff.push(measure(["--liftoff-only"]));
      drizzle.push(measureDrizzle());
    }
    const warmMedians = results.map((r) => median(r.warm));
    const allWarm = results.flatMap((r) => r.warm).sort((a, b) => a - b);
    const warm = median(warmMedians);
    const row = (label, values) => [label, median(values).toFixed(1), Math.min(...values).toFixed(1), Math.max(...values).toFixed(1)];
    console.log(`\n${runs} processes each way (median, min, max over the processes; ms):`);
    console.log(
      table([
        ["", "median", "min", "max"],
        row("node start to the first result (start-up, imports, cold lint)", results.map((r) => r.firstResult)),
        row("import eslint + eslint-plugin-rollsafe (WASM parser)", results.map((r) => r.imports)),
        row("cold first lint (read 800 files, replay 799, lint 1)", results.map((r) => r.cold)),
        row("warm re-lint of the newest migration (median per process)", warmMedians),
        row("re-lint of a migration in the middle (first / cached)", results.map((r) => r.middleFirst)),
        row("  ... once cached", results.map((r) => r.middleWarm)),
        row("re-lint after the previous migration was edited", results.map((r) => r.afterRecentSave)),
        row("re-lint after migration 100 was edited (1 s later)", results.map((r) => r.afterOldSave)),
        row("with node --liftoff-only: node start to the first result", liftoff.map((r) => r.firstResult)),
        row("with node --liftoff-only: cold first lint", liftoff.map((r) => r.cold)),
        row("with node --liftoff-only: warm re-lint (median per process)", liftoff.map((r) => median(r.warm))),
      ]),
    );
    console.log(`warm re-lints, all ${allWarm.length}: median ${median(allWarm).toFixed(1)} ms, p90 ${allWarm[Math.floor(allWarm.length * 0.9)].toFixed(1)} ms, max ${allWarm[allWarm.length - 1].toFixed(1)} ms`);
    console.log(`target: warm median < ${TARGET_MS} ms: ${warm < TARGET_MS ? "ok" : "OVER"} (${warm.toFixed(1)} ms)`);
    console.log(`findings on the newest migration: ${results[0].findings.join(", ")}`);

    const drizzleWarm = drizzle.map((r) => median(r.warm));
    const allDrizzleWarm = drizzle.flatMap((r) => r.warm).sort((a, b) => a - b);
    console.log(`\nDrizzle schema file: ${TABLES} tables, ${drizzle[0].lines} lines, ${WARM_LINTS} re-lints per process typing a NOT NULL column (${runs} processes; median, min, max over the processes; ms):`);
    console.log(
      table([
        ["", "median", "min", "max"],
        row("node start to the first result (start-up, imports, cold lint)", drizzle.map((r) => r.firstResult)),
        row("cold first lint of the schema file (parser, drizzle.config, snapshot)", drizzle.map((r) => r.cold)),
        row("warm re-lint of the schema file (median per process)", drizzleWarm),
        row("  the same re-lint, Drizzle rules off (ESLint + TypeScript parser)", drizzle.map((r) => median(r.baseline))),
      ]),
    );
    console.log(`warm re-lints of the schema file, all ${allDrizzleWarm.length}: median ${median(allDrizzleWarm).toFixed(1)} ms, p90 ${allDrizzleWarm[Math.floor(allDrizzleWarm.length * 0.9)].toFixed(1)} ms, max ${allDrizzleWarm[allDrizzleWarm.length - 1].toFixed(1)} ms`);
    // ESLint and typescript-eslint's parser (with its scope analysis) are what any TypeScript file costs; the rules add their share.
    console.log(`the Drizzle rules' own share of a warm re-lint: ${(median(drizzleWarm) - median(drizzle.map((r) => median(r.baseline)))).toFixed(1)} ms (median with the rules minus median without)`);
    console.log(`finding while typing: ${drizzle[0].finding}`);

    const whole = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", dir, "folder"], { encoding: "utf8" });
    if (whole.status !== 0) fail(`the folder benchmark failed: ${whole.stderr}`);
    const folder = JSON.parse(whole.stdout);
    const cliStart = performance.now();
    const cli = spawnSync(process.execPath, [join(root, "packages/cli/bin/rollsafe.js"), "lint", "migrations", "--format", "json"], { cwd: dir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const cliMs = performance.now() - cliStart;
    if (cli.status !== 0 && cli.status !== 1) fail(`rollsafe lint failed: ${cli.stderr}`);
    const cliFindings = JSON.parse(cli.stdout).findings.filter((f) => !f.overridden && f.severity !== "note").length;
    console.log(`\nthe whole folder, once: ESLint lintFiles ${folder.ms.toFixed(0)} ms in process (${folder.messages} problems) vs rollsafe lint ${cliMs.toFixed(0)} ms as a process (${cliFindings} findings)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One measured process: prints its timings as JSON. */
async function child(dir, mode) {
  const t0 = performance.now();
  const { ESLint } = await import("eslint");
  const { default: rollsafe } = await import(join(root, "packages/eslint-plugin/dist/index.js"));
  const imports = performance.now() - t0;
  if (mode === "drizzle") {
    await drizzleChild(dir, ESLint, rollsafe, imports);
    return;
  }
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: rollsafe.configs.recommended });
  if (mode === "folder") {
    const start = performance.now();
    const results = await eslint.lintFiles(["migrations"]);
    process.stdout.write(JSON.stringify({ ms: performance.now() - start, messages: results.reduce((n, r) => n + r.messages.length, 0) }));
    return;
  }
  const newest = join(dir, "migrations", fileName(MIGRATIONS));
  const text = newestMigration();
  const lint = async (filePath, body) => {
    const start = performance.now();
    const [result] = await eslint.lintText(body, { filePath });
    return { ms: performance.now() - start, result };
  };
  const cold = await lint(newest, text);
  // performance.now() counts from the process's start.
  const firstResult = performance.now();
  const warm = [];
  for (let i = 0; i < WARM_LINTS; i++) warm.push((await lint(newest, `${text}-- edit ${i}\n`)).ms);
  const middle = join(dir, "migrations", fileName(MIGRATIONS / 2));
  const middleFirst = (await lint(middle, "ALTER TABLE t0001 ADD COLUMN x text;\n")).ms;
  const middleWarm = (await lint(middle, "ALTER TABLE t0001 ADD COLUMN y text;\n")).ms;
  // The previous migration saved with a change (a pull request's earlier step): the folder is read
  // again and the schema replayed from the last checkpoint (every 64 migrations) before it.
  const previous = join(dir, "migrations", fileName(MIGRATIONS - 1));
  appendFileSync(previous, "-- saved\n");
  const afterRecentSave = (await lint(newest, text)).ms;
  // An old migration changed: seen once the last full check of the stamps is a second old, then
  // replayed from the checkpoint before it.
  appendFileSync(join(dir, "migrations", fileName(100)), "-- saved\n");
  await sleep(1100);
  const afterOldSave = (await lint(newest, text)).ms;
  const findings = cold.result.messages.map((m) => `${m.ruleId?.replace("rollsafe/", "")} ${m.line}:${m.column}`);
  process.stdout.write(JSON.stringify({ firstResult, imports, cold: cold.ms, warm, middleFirst, middleWarm, afterRecentSave, afterOldSave, findings }));
}

/** The Drizzle case, in this process: prints its timings as JSON. */
async function drizzleChild(dir, ESLint, rollsafe, imports) {
  const project = join(dir, "drizzle-app");
  const filePath = join(project, "src/db/schema.ts");
  const text = readFileSync(filePath, "utf8");
  const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: rollsafe.configs.recommended });
  const rulesOff = rollsafe.configs.recommended.map((config) => (config.language ? config : { ...config, rules: Object.fromEntries(Object.keys(config.rules).map((id) => [id, "off"])) }));
  const baseline = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: rulesOff });
  const lint = async (engine, body) => {
    const start = performance.now();
    const [result] = await engine.lintText(body, { filePath });
    return { ms: performance.now() - start, messages: result.messages };
  };
  const cold = await lint(eslint, text);
  const firstResult = performance.now();
  // The file as generated matches its snapshot: a finding here would mean the benchmark's project is wrong.
  if (cold.messages.length > 0) fail(`the generated schema file disagrees with its snapshot: ${cold.messages.map((m) => m.message).join("; ")}`);
  await lint(baseline, text);
  const warm = [];
  const off = [];
  let finding;
  for (let i = 0; i < WARM_LINTS; i++) {
    const edited = editedSchema(text, i);
    const { ms, messages } = await lint(eslint, edited);
    if (messages.length !== 1 || messages[0].ruleId !== "rollsafe/drizzle-required-column-needs-default") fail(`expected one drizzle-required-column-needs-default finding, got: ${messages.map((m) => `${m.ruleId} ${m.message}`).join("; ")}`);
    finding ??= `${messages[0].ruleId} ${messages[0].line}:${messages[0].column}`;
    warm.push(ms);
    off.push((await lint(baseline, edited)).ms);
  }
  process.stdout.write(JSON.stringify({ imports, firstResult, cold: cold.ms, warm, baseline: off, finding, lines: text.split("\n").length }));
}

function fileName(n) {
  return `${String(n).padStart(4, "0")}_migration.sql`;
}

/** The migration being written: an expand step with findings (locking, breaking). */
function newestMigration() {
  return [
    "ALTER TABLE t0003 ADD COLUMN tenant_id bigint NOT NULL;",
    "CREATE INDEX t0003_tenant_idx ON t0003 (tenant_id);",
    "ALTER TABLE t0005 ADD CONSTRAINT t0005_t0003_fk FOREIGN KEY (c1) REFERENCES t0003 (id);",
    "ALTER TABLE t0007 DROP COLUMN name;",
    "",
  ].join("\n");
}

/** Writes the folder (deterministic); returns how many statements it holds. The newest file is a placeholder. */
function buildFolder(folder) {
  mkdirSync(folder, { recursive: true });
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const tables = [];
  let statements = 0;
  const old = new Date(Date.now() - 3_600_000);
  for (let i = 1; i <= MIGRATIONS; i++) {
    const lines = [];
    const count = i === MIGRATIONS ? 0 : 1 + Math.floor(random() * 4);
    for (let k = 0; k < count; k++) {
      const r = random();
      const table = tables.length > 0 ? tables[Math.floor(random() * tables.length)] : undefined;
      if (!table || r < 0.3) {
        const name = `t${String(tables.length + 1).padStart(4, "0")}`;
        const columns = ["c1", "c2", "c3", "c4", "c5"].slice(0, 2 + Math.floor(random() * 4));
        tables.push({ name, columns: [...columns] });
        lines.push(`CREATE TABLE ${name} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n${columns.map((c) => `  ${c} ${random() < 0.5 ? "text" : "bigint"}`).join(",\n")},\n  created_at timestamptz NOT NULL DEFAULT now()\n);`);
      } else if (r < 0.65) {
        const column = `a${i}_${k}`;
        table.columns.push(column);
        lines.push(`ALTER TABLE ${table.name} ADD COLUMN ${column} ${random() < 0.5 ? "text" : "integer"};`);
      } else if (r < 0.9) {
        const column = table.columns[Math.floor(random() * table.columns.length)];
        lines.push(`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${table.name}_${column}_${i}_${k}_idx ON ${table.name} (${column});`);
      } else {
        const target = tables[Math.floor(random() * tables.length)];
        const fk = `${table.name}_${target.name}_${i}_${k}_fk`;
        lines.push(`ALTER TABLE ${table.name} ADD CONSTRAINT ${fk} FOREIGN KEY (id) REFERENCES ${target.name} (id) NOT VALID;`, `ALTER TABLE ${table.name} VALIDATE CONSTRAINT ${fk};`);
      }
    }
    statements += lines.length;
    const path = join(folder, fileName(i));
    writeFileSync(path, lines.length > 0 ? `${lines.join("\n")}\n` : "-- being written\n");
    utimesSync(path, old, old);
  }
  return statements;
}
