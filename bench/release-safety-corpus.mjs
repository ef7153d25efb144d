#!/usr/bin/env node
// npm run bench:release-safety-corpus: `rollsafe report --per-release --format release-safety` over
// pseudo-releases of the shared corpus. Each migration set gets a temp git repository with its
// migrations committed ten at a time and a tag after each group (bench/pseudo-releases.mjs); one
// artifact covers all of its releases (v0000..vNNNN). Prints the share of true / false / "unknown"
// per project and overall for rollbackSafe and for the new code on the old schema, the upgrade spans,
// every "unknown" release with what made it unknown, and the time per artifact. Exit 1 on a crash or
// an artifact the JSON Schema rejects.
// BENCH_CORPUS: another corpus; BENCH_PROJECTS=a,b: only those projects; BENCH_GROUP: migrations per release.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { buildReleaseRepo, corpusSets, releaseSafetyRange, ROOT } from "./pseudo-releases.mjs";
import { fail, median, table } from "./support.mjs";

const corpus = process.env.BENCH_CORPUS ?? join(ROOT, "../shared/corpus");
const groupSize = Number(process.env.BENCH_GROUP ?? 10);
const only = process.env.BENCH_PROJECTS?.split(",");
if (!existsSync(corpus)) fail(`corpus not found at ${corpus} (set BENCH_CORPUS)`);
if (!existsSync(join(ROOT, "packages/cli/dist/main.js"))) fail("rollsafe is not built: run npm run build");
const validate = new Ajv.default({ allErrors: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(join(ROOT, "packages/cli/schemas/release-safety.schema.json"), "utf8")));

const VERDICTS = [true, false, "unknown"];
const rows = []; // { project, dir, from, to, rollback, newCode, reasons }
const spans = [];
const problems = [];
const times = [];
for (const set of await corpusSets(corpus, only)) {
  const { repo, tags } = buildReleaseRepo(corpus, set, groupSize);
  try {
    const t0 = performance.now();
    const run = await releaseSafetyRange(repo, set.dir, tags[0], tags[tags.length - 1], ["--per-release"]);
    times.push(performance.now() - t0);
    if (run.crash) {
      problems.push(`${set.dir}: ${run.crash}\n  ${run.stderr.trim().split("\n").slice(0, 4).join("\n  ")}`);
      continue;
    }
    if (!validate(run.doc)) problems.push(`${set.dir}: the schema rejects the artifact: ${validate.errors.slice(0, 3).map((e) => `${e.instancePath} ${e.message}`).join("; ")}`);
    for (const r of run.doc.releases) rows.push({ project: set.project, dir: set.dir, from: r.from, to: r.to, rollback: r.compatibility.rollbackSafe, newCode: r.compatibility.newCodeOldSchema.safe, migrations: r.migrations.length, reasons: r.reasons });
    spans.push({ dir: set.dir, releases: run.doc.releases.length, ...run.doc.span, whole: run.doc.compatibility.rollbackSafe });
    console.log(`${set.dir} (${set.kind}): ${set.migrations.length} migrations, ${tags.length - 1} releases; one artifact in ${ms(times[times.length - 1])}`);
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

const share = (list, key, v) => `${list.filter((r) => r[key] === v).length} (${((100 * list.filter((r) => r[key] === v).length) / Math.max(1, list.length)).toFixed(0)}%)`;
const projects = [...new Set(rows.map((r) => r.project))];
for (const [key, title] of [["rollback", "rollbackSafe (= rollingUpdateSafe, migrations first)"], ["newCode", "newCodeOldSchema (code first)"]]) {
  const out = [["project", "releases", ...VERDICTS.map(String)]];
  for (const p of [...projects, "overall"]) {
    const mine = rows.filter((r) => p === "overall" || r.project === p);
    out.push([p, mine.length, ...VERDICTS.map((v) => share(mine, key, v))]);
  }
  console.log(`\n${title}, per pseudo-release of ${groupSize} migrations:`);
  console.log(table(out));
}

console.log("\nupgrade spans (v0000..last):");
console.log(table([["folder", "releases", "whole span", "minPreviousVersion", "requiredStops"], ...spans.map((s) => [s.dir, s.releases, String(s.whole), s.minPreviousVersion ?? "none", s.requiredStops.length])]));

const unknown = rows.filter((r) => r.rollback === "unknown");
console.log(`\n${unknown.length} "unknown" release(s), and what made them unknown:`);
for (const r of unknown) {
  const gaps = r.reasons.filter((x) => x.verdict === "unknown" && x.affects.includes("rollbackSafe"));
  console.log(`- ${r.dir} ${r.from}..${r.to}: ${gaps.map((g) => `${g.at} (${g.message.replace(/^not analysed: /, "")})`).join("; ")}`);
}

console.log(`\n${spans.length} artifacts, ${rows.length} releases; median ${ms(median(times))} per artifact`);
if (problems.length > 0) {
  console.error(`\n!!! ${problems.length} PROBLEM(S) !!!\n${problems.join("\n")}`);
  process.exit(1);
}

function ms(value) {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
