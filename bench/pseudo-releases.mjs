// Pseudo-releases of a real migration set: a temp git repository that lays the set's folder out as in
// the corpus, commits its migrations in groups (a tag after each group), and `rollsafe report` run on
// each pair of consecutive tags. Shared by bench/report-corpus.mjs and test/report-corpus.test.ts.
// Corpus files are read at run time and copied only into the temp repositories.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const BIN = join(ROOT, "packages/cli/bin/rollsafe.js");
export const PATHS = ["service-rollback", "schema-compatible-rollback", "roll-forward", "disaster-recovery", "migration-down"];
export const GRADES = ["A", "B", "C", "D", "F"];
/** The tag of the commit before any migration: the first group is a release too (from nothing). */
export const BASE_TAG = "v0000";

/**
 * The corpus's migration sets in apply order, as rollsafe reads them (the built parser package):
 * `{ project, dir, kind, migrations: [{ name, files }] }`, paths relative to the corpus (forward slashes).
 */
export async function corpusSets(corpus, only) {
  const { readMigrationSets } = await import(join(ROOT, "packages/parser/dist/index.js"));
  const { sets } = readMigrationSets([corpus], { cwd: corpus });
  const rel = (p) => relative(corpus, resolve(corpus, p)).split("\\").join("/");
  return sets
    .map((s) => ({
      project: rel(s.root).split("/")[0],
      dir: rel(s.root),
      kind: s.kind,
      migrations: s.migrations.map((m) => ({ name: m.name, files: [rel(m.path), ...(m.down ? [rel(m.down.path)] : [])] })),
    }))
    .filter((s) => !only || only.includes(s.project));
}

/**
 * Builds the repository: commit `v0000` (a README, no migration), then `groupSize` migrations per
 * commit, tagged v0001, v0002, ... Drizzle's `meta/_journal.json` grows with its migrations (entries
 * whose .sql is not committed yet are left out) and `meta/NNNN_snapshot.json` comes with migration NNNN;
 * any other file of the folder is in the first group. Returns `{ repo, tags }` (tags oldest first).
 */
export function buildReleaseRepo(corpus, set, groupSize = 10) {
  const repo = mkdtempSync(join(tmpdir(), "rollsafe-report-corpus-"));
  const git = (...args) => execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "rollsafe bench");
  git("config", "user.email", "bench@rollsafe.invalid");
  git("config", "commit.gpgsign", "false");
  git("config", "tag.gpgsign", "false");
  writeFileSync(join(repo, "README.md"), `pseudo-releases of ${set.dir}\n`);
  git("add", "--all");
  git("commit", "--quiet", "-m", "base: no migration");
  git("tag", "-a", BASE_TAG, "-m", BASE_TAG);

  const journalPath = `${set.dir}/meta/_journal.json`;
  const journal = existsSync(join(corpus, journalPath)) ? JSON.parse(readFileSync(join(corpus, journalPath), "utf8")) : undefined;
  const migrationFiles = new Set(set.migrations.flatMap((m) => m.files));
  const snapshots = new Map(); // "0007" -> meta/0007_snapshot.json
  const others = [];
  for (const file of filesUnder(corpus, set.dir)) {
    if (migrationFiles.has(file) || file === journalPath) continue;
    const snapshot = /\/meta\/(\d+)_snapshot\.json$/.exec(file);
    if (snapshot) snapshots.set(snapshot[1], file);
    else others.push(file);
  }
  const copy = (file) => {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    writeFileSync(join(repo, file), readFileSync(join(corpus, file)));
  };

  const committed = new Set();
  const tags = [BASE_TAG];
  for (let start = 0, n = 1; start < set.migrations.length; start += groupSize, n++) {
    const group = set.migrations.slice(start, start + groupSize);
    if (start === 0) others.forEach(copy);
    for (const m of group) {
      m.files.forEach(copy);
      m.files.forEach((f) => committed.add(f));
      const snapshot = snapshots.get(/^(\d+)_/.exec(m.name)?.[1]);
      if (snapshot) copy(snapshot);
    }
    if (start === 0) for (const [index, file] of snapshots) if (!set.migrations.some((m) => m.name.startsWith(`${index}_`))) copy(file);
    if (journal) {
      const sql = (tag) => `${set.dir}/${tag}.sql`;
      const entries = journal.entries.filter((e) => committed.has(sql(e.tag)) || !existsSync(join(corpus, sql(e.tag))));
      mkdirSync(dirname(join(repo, journalPath)), { recursive: true });
      writeFileSync(join(repo, journalPath), `${JSON.stringify({ ...journal, entries }, null, 2)}\n`);
    }
    const tag = `v${String(n).padStart(4, "0")}`;
    git("add", "--all");
    git("commit", "--quiet", "-m", `${tag}: ${group[0].name} .. ${group[group.length - 1].name}`);
    git("tag", "-a", tag, "-m", tag);
    tags.push(tag);
  }
  return { repo, tags };
}

/**
 * `rollsafe report <from>..<to> <dir> --format json` in the repository. Resolves to
 * `{ from, to, status, stderr, doc, crash }`: `crash` says why the run is not a report (an exit code
 * other than 0/1, output that is not JSON, or a document without a known path and grade).
 */
export function reportRange(repo, dir, from, to, extraArgs = []) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, "report", `${from}..${to}`, dir, "--format", "json", ...extraArgs], { cwd: repo, env: { ...process.env, NO_COLOR: "1" } });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("close", (status, signal) => {
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      let doc;
      let crash;
      if (status !== 0 && status !== 1) crash = `exit ${status ?? signal}`;
      else {
        try {
          doc = JSON.parse(stdout);
        } catch (error) {
          crash = `unparsable JSON (${error.message})`;
        }
      }
      if (doc && !crash) {
        if (!PATHS.includes(doc.path) || !GRADES.includes(doc.grade)) crash = `unexpected path/grade: ${doc.path}/${doc.grade}`;
        else if ((status === 0) !== doc.safe) crash = `exit ${status} but safe=${doc.safe}`;
      }
      done({ from, to, status, stderr, doc, crash });
    });
  });
}

/**
 * `rollsafe report <from>..<to> <dir> --format release-safety` in the repository. Resolves to
 * `{ status, stderr, doc, crash }`: `crash` says why the run is not an artifact (an exit code other
 * than 0/1, output that is not JSON, or an exit code that disagrees with `compatibility.rollbackSafe`).
 */
export function releaseSafetyRange(repo, dir, from, to, extraArgs = []) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, "report", `${from}..${to}`, dir, "--format", "release-safety", ...extraArgs], { cwd: repo, env: { ...process.env, NO_COLOR: "1" } });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("close", (status, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      let doc;
      let crash;
      if (status !== 0 && status !== 1) crash = `exit ${status ?? signal}`;
      else {
        try {
          doc = JSON.parse(Buffer.concat(out).toString("utf8"));
          if ((status === 0) !== (doc.compatibility.rollbackSafe === true)) crash = `exit ${status} but rollbackSafe=${doc.compatibility.rollbackSafe}`;
        } catch (error) {
          crash = `unparsable JSON (${error.message})`;
        }
      }
      done({ status, stderr, doc, crash });
    });
  });
}

/** Every pair of consecutive tags of a built repository, at most `concurrency` reports at a time. */
export async function reportReleases(repo, dir, tags, concurrency = 1) {
  const pairs = tags.slice(1).map((to, i) => [tags[i], to]);
  const results = new Array(pairs.length);
  let next = 0;
  const worker = async () => {
    while (next < pairs.length) {
      const i = next++;
      results[i] = await reportRange(repo, dir, ...pairs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pairs.length) }, worker));
  return results;
}

function filesUnder(corpus, dir) {
  const out = [];
  for (const name of readdirSync(join(corpus, dir)).sort()) {
    const path = `${dir}/${name}`;
    if (statSync(join(corpus, path)).isDirectory()) out.push(...filesUnder(corpus, path));
    else out.push(path);
  }
  return out;
}
