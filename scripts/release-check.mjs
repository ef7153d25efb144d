#!/usr/bin/env node
// `npm run release:check`: what a user gets from npm, checked before a release (docs/releasing.md).
// Packs every public package, installs each tarball ALONE into a fresh app (`npm init -y`, `npm i
// <tarball>`), and runs what a user runs first: `rollsafe lint` on the bundled example, `eslint` with
// the plugin's recommended preset on a migration and a Drizzle schema file. Prints the figures the
// release notes quote (installed size, package count, install and first-lint times) and
// `npm publish --dry-run` per package. test/packaging.test.ts runs it, so a packaging break fails CI.
//
//   node scripts/release-check.mjs [--json] [--keep]
//
// Expects a build (`npm run build`); uses the npm cache like any install, and the registry for the
// third-party dependencies.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const json = process.argv.includes("--json");
const keep = process.argv.includes("--keep");

/** The packages users install; rollsafe's internal packages are bundled into them (docs/architecture.md). */
export const PUBLIC_PACKAGES = [
  { name: "rollsafe", dir: "packages/cli" },
  { name: "eslint-plugin-rollsafe", dir: "packages/eslint-plugin" },
];

const work = mkdtempSync(join(tmpdir(), "rollsafe-release-check-"));
const log = (line) => {
  if (!json) process.stderr.write(`${line}\n`);
};

try {
  const tarballs = Object.fromEntries(PUBLIC_PACKAGES.map((p) => [p.name, pack(p.dir)]));
  const report = {
    packages: PUBLIC_PACKAGES.map((p) => ({ name: p.name, tarball: tarballs[p.name], publishDryRun: publishDryRun(p.dir) })),
    cli: checkCli(tarballs.rollsafe),
    eslintPlugin: checkEslintPlugin(tarballs["eslint-plugin-rollsafe"]),
    action: checkAction(tarballs.rollsafe),
  };
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}

function pack(dir) {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: join(root, dir), encoding: "utf8" });
  const [info] = JSON.parse(out);
  return { file: join(work, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path) };
}

function publishDryRun(dir) {
  const result = spawnSync("npm", ["publish", "--dry-run", "--tag", "release-check"], { cwd: join(root, dir), encoding: "utf8" });
  // npm prints the contents on stderr; a dry run of an unpublished version still exits 0.
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** A fresh app (`npm init -y`) with one tarball installed into it, and how long the install took. */
function freshApp(name, tarball) {
  const app = join(work, name);
  execFileSync("mkdir", ["-p", app]);
  execFileSync("npm", ["init", "-y"], { cwd: app, stdio: "ignore" });
  const started = process.hrtime.bigint();
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball.file], { cwd: app, stdio: ["ignore", "ignore", "inherit"] });
  const installMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { app, installMs, installedMb: megabytes(join(app, "node_modules")), installedPackages: countPackages(join(app, "node_modules")) };
}

function checkCli(tarball) {
  const { app, ...install } = freshApp("cli-app", tarball);
  cpSync(join(root, "fixtures/example/drizzle"), join(app, "drizzle"), { recursive: true });
  const started = process.hrtime.bigint();
  const lint = spawnSync(join(app, "node_modules/.bin/rollsafe"), ["lint", "drizzle", "--format", "json", "--no-cache"], { cwd: app, encoding: "utf8" });
  const firstLintMs = Number(process.hrtime.bigint() - started) / 1e6;
  const findings = lint.status === 0 || lint.status === 1 ? JSON.parse(lint.stdout).findings : [];
  const verify = spawnSync(join(app, "node_modules/.bin/rollsafe"), ["verify", "drizzle", "--format", "json", "--no-cache"], { cwd: app, encoding: "utf8" });
  return {
    ...install,
    firstLintMs,
    lint: { status: lint.status, stderr: lint.stderr, findings: findings.map((f) => ({ ruleId: f.ruleId, path: f.path, line: f.line, docs: f.docsUrl })) },
    verify: { status: verify.status, stderr: verify.stderr.split("\n").slice(0, 5).join("\n"), statements: verify.status === 0 || verify.status === 1 ? JSON.parse(verify.stdout).statements.length : 0 },
    nestedTypeScript: findNested(join(app, "node_modules"), "typescript"),
    pgliteCopies: findNested(join(app, "node_modules"), "@electric-sql/pglite").length,
  };
}

function checkEslintPlugin(tarball) {
  const { app, ...install } = freshApp("eslint-app", tarball);
  // A CommonJS app (npm init's default): the config is an ES module by its extension (docs/editor.md).
  writeFileSync(join(app, "eslint.config.mjs"), 'import rollsafe from "eslint-plugin-rollsafe";\n\nexport default [...rollsafe.configs.recommended];\n');
  // The bundled example's migrations, and a Drizzle project (drizzle.config.ts, drizzle-kit's folder)
  // whose schema file no longer declares a column the latest snapshot has.
  cpSync(join(root, "fixtures/example/drizzle"), join(app, "migrations"), { recursive: true });
  const drizzleApp = join(root, "fixtures/drizzle-app/v1");
  for (const part of ["drizzle.config.ts", "drizzle", "src/db/schema.ts"]) cpSync(join(drizzleApp, part), join(app, part), { recursive: true });
  const schema = join(app, "src/db/schema.ts");
  writeFileSync(schema, readFileSync(schema, "utf8").replace("  legacyName: text(),\n", ""));
  const eslint = spawnSync(join(app, "node_modules/.bin/eslint"), ["--format", "json", "migrations", "drizzle", "src/db/schema.ts"], { cwd: app, encoding: "utf8" });
  const results = eslint.stdout ? JSON.parse(eslint.stdout) : [];
  const rulesMeta = spawnSync(join(app, "node_modules/.bin/eslint"), ["--format", "json-with-metadata", "migrations", "src/db/schema.ts"], { cwd: app, encoding: "utf8" });
  const docs = rulesMeta.stdout ? Object.values(JSON.parse(rulesMeta.stdout).metadata.rulesMeta).map((m) => m.docs?.url) : [];
  return {
    ...install,
    eslint: { status: eslint.status, stderr: eslint.stderr, messages: results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath.slice(app.length + 1), ruleId: m.ruleId, line: m.line }))) },
    docsUrls: docs,
  };
}

/**
 * action.yml's two steps run in a shell as a runner would (the install from the packed tarball through
 * ROLLSAFE_PACKAGE instead of the registry), timed from the first step's start to the lint's end.
 */
function checkAction(tarball) {
  const app = join(work, "action-app");
  cpSync(join(root, "fixtures/example/drizzle"), join(app, "drizzle"), { recursive: true });
  const runnerTemp = join(work, "runner-temp");
  execFileSync("mkdir", ["-p", runnerTemp]);
  const output = join(runnerTemp, "github-output");
  writeFileSync(output, "");
  const env = { ...process.env, ROLLSAFE_HOME: root, ROLLSAFE_PACKAGE: tarball.file, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: output, GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: "", INPUT_VERSION: "" };
  const started = process.hrtime.bigint();
  const install = spawnSync("bash", ["-eo", "pipefail", "-c", actionStep("Install rollsafe")], { cwd: app, env, encoding: "utf8" });
  const installedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const bin = /^bin=(.*)$/m.exec(readFileSync(output, "utf8"))?.[1] ?? "";
  const inputs = { ROLLSAFE_BIN: bin, INPUT_PATH: "drizzle", INPUT_CHANGED_SINCE: "", INPUT_FORMAT: "github", INPUT_FAIL_ON: "error", INPUT_SARIF_FILE: "", INPUT_COMMENT: "false" };
  const lint = spawnSync("bash", ["-eo", "pipefail", "-c", actionStep("rollsafe lint")], { cwd: app, env: { ...env, ...inputs }, encoding: "utf8" });
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { installStatus: install.status, installStderr: install.stderr, installMs: installedMs, startToLintEndMs: totalMs, installedMb: megabytes(join(runnerTemp, "rollsafe-action/node_modules")), lint: { status: lint.status, annotations: lint.stdout.split("\n").filter((l) => l.startsWith("::")).length, stderr: lint.stderr } };
}

/** The `run: |` script of the action step with this name, de-indented. */
function actionStep(name) {
  const text = readFileSync(join(root, "action.yml"), "utf8");
  const step = text.slice(text.indexOf(`- name: ${name}`));
  const block = /\n(\s+)run: \|\n((?:\1 {2}.*\n?|\s*\n)+)/.exec(step);
  if (!block) throw new Error(`action.yml: no run block in the step ${name}`);
  const indent = block[1].length + 2;
  return block[2].split("\n").map((line) => line.slice(indent)).join("\n");
}

function findNested(nodeModules, name) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const path = join(dir, e.name);
      if (e.name.startsWith("@")) {
        walk(path);
        continue;
      }
      const pkgName = path.slice(path.lastIndexOf("node_modules/") + 13);
      if (pkgName === name) found.push(path);
      walk(join(path, "node_modules"));
    }
  };
  walk(nodeModules);
  return found;
}

function countPackages(nodeModules) {
  return readFileSync(join(nodeModules, ".package-lock.json"), "utf8").match(/"node_modules\//g)?.length ?? 0;
}

function megabytes(dir) {
  let bytes = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) bytes += statSync(p).size;
    }
  };
  walk(dir);
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

function printReport(report) {
  for (const p of report.packages) {
    log(`\n== npm publish --dry-run (${p.name}): exit ${p.publishDryRun.status}`);
    log(p.publishDryRun.output);
  }
  const c = report.cli;
  log(`\n== rollsafe alone in a fresh app: ${c.installedMb} MB, ${c.installedPackages} packages, npm i ${Math.round(c.installMs)} ms, first lint ${Math.round(c.firstLintMs)} ms`);
  log(`   lint exit ${c.lint.status}, ${c.lint.findings.length} findings; verify exit ${c.verify.status}, ${c.verify.statements} statements; PGlite copies ${c.pgliteCopies}; nested TypeScript ${c.nestedTypeScript.length}`);
  const e = report.eslintPlugin;
  log(`== eslint-plugin-rollsafe alone in a fresh app: ${e.installedMb} MB, ${e.installedPackages} packages, npm i ${Math.round(e.installMs)} ms`);
  log(`   eslint exit ${e.eslint.status}, ${e.eslint.messages.length} messages${e.eslint.stderr ? `\n${e.eslint.stderr}` : ""}`);
  const a = report.action;
  log(`== the Action's steps in a shell: install ${Math.round(a.installMs)} ms (${a.installedMb} MB), start to end of the first lint ${Math.round(a.startToLintEndMs)} ms; lint exit ${a.lint.status}, ${a.lint.annotations} annotations`);
}
