#!/usr/bin/env node
// npm run bench: wall time of `rollsafe lint` over the shared corpus of real migrations, and of squawk
// (the peer, its native binary from the squawk-cli package) on the same files in the same run.
// Runs alternate between the two tools so that machine noise hits both alike; medians are reported.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { median, table, fail } from "./support.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const corpus = process.env.BENCH_CORPUS ?? join(root, "../shared/corpus");
const runs = Number(process.env.BENCH_RUNS ?? 9);
const bin = join(root, "packages/cli/bin/rollsafe.js");

if (!existsSync(corpus)) fail(`corpus not found at ${corpus} (set BENCH_CORPUS)`);
if (!existsSync(join(root, "packages/cli/dist/main.js"))) fail("rollsafe is not built: run npm run build");

const files = sqlFiles(corpus);
const squawk = squawkBinary();
// The whole catalogue (strict: hygiene rules too), as the catalogue issue asks; BENCH_PRESET=recommended for the default set.
const preset = process.env.BENCH_PRESET ?? "strict";
const scratch = mkdtempSync(join(tmpdir(), "rollsafe-bench-"));
const config = join(scratch, "rollsafe.config.json");
writeFileSync(config, JSON.stringify({ extends: preset }));
const rollsafeArgs = [bin, "lint", corpus, "--format", "json", "--config", config];
// Cold: every statement parsed, replayed and checked (--no-cache), the figure to compare with squawk.
// Cached: the same run when nothing changed since the last one (the lint cache, docs/cache.md).
const coldArgs = [...rollsafeArgs, "--no-cache"];
const cachedArgs = [...rollsafeArgs, "--cache-location", join(scratch, "cache")];
const statements = countStatements();
timeRun(process.execPath, cachedArgs); // fills the cache

const times = { "rollsafe (cold, --no-cache)": [], "rollsafe (cache hit)": [], squawk: [] };
for (let i = 0; i < runs; i++) {
  times["rollsafe (cold, --no-cache)"].push(timeRun(process.execPath, coldArgs));
  times["rollsafe (cache hit)"].push(timeRun(process.execPath, cachedArgs));
  if (squawk) times.squawk.push(timeRun(squawk, files));
}

const rows = [["tool", "median ms", "min ms", "max ms", "files/s", "statements/s"]];
for (const [tool, samples] of Object.entries(times)) {
  if (samples.length === 0) continue;
  const m = median(samples);
  rows.push([tool, m.toFixed(0), Math.min(...samples).toFixed(0), Math.max(...samples).toFixed(0), (files.length / (m / 1000)).toFixed(0), (statements / (m / 1000)).toFixed(0)]);
}
console.log(`corpus: ${relative(process.cwd(), corpus) || "."} — ${files.length} files, ${statements} statements; ${runs} runs each, alternating; rollsafe preset: ${preset}`);
console.log(table(rows));
if (squawk) {
  for (const variant of ["rollsafe (cold, --no-cache)", "rollsafe (cache hit)"]) {
    const ratio = median(times[variant]) / median(times.squawk);
    console.log(`${variant} / squawk wall-time ratio (median): ${ratio.toFixed(2)} (${ratio <= 1 ? "rollsafe is faster" : "squawk is faster"})`);
  }
} else {
  console.log("squawk binary not found (npm ci installs squawk-cli as a devDependency): no comparison");
}

function timeRun(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Both tools exit 1 when they report findings; anything else is a crash.
  if (result.status !== 0 && result.status !== 1) fail(`${command} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function countStatements() {
  const result = spawnSync(process.execPath, coldArgs, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const json = JSON.parse(result.stdout);
  const syntaxErrors = json.findings.filter((f) => f.ruleId === "syntax-error").length;
  if (syntaxErrors > 0) fail(`${syntaxErrors} syntax errors on the corpus`);
  return json.files.reduce((n, f) => n + f.statements, 0);
}

function squawkBinary() {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`@squawk-cli/${process.platform}-${process.arch}/package.json`);
    const path = join(dirname(pkg), "bin", "squawk");
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

function sqlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sqlFiles(path));
    else if (name.endsWith(".sql")) out.push(path);
  }
  return out;
}
