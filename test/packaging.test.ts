// What a user gets from npm: scripts/release-check.mjs packs the public packages, installs each tarball
// alone into a fresh app and runs rollsafe, eslint and the Action's steps there. Here its report is
// held to the same findings as the repository's own build, and to the packaging rules of docs/releasing.md.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DOCS_BASE } from "./support/docs-base.js";
import { REPO_ROOT, runCli } from "./support/run-cli.js";

interface Finding {
  ruleId: string;
  path: string;
  line: number;
  docs?: string;
  docsUrl?: string;
  overridden: unknown;
}

interface ReleaseCheck {
  packages: Array<{ name: string; tarball: { files: string[] }; publishDryRun: { status: number; output: string } }>;
  cli: { installedMb: number; installedPackages: number; lint: { status: number; stderr: string; findings: Finding[] }; verify: { status: number; statements: number; stderr: string }; nestedTypeScript: string[]; pgliteCopies: number };
  eslintPlugin: { eslint: { status: number; stderr: string; messages: Array<{ file: string; ruleId: string; line: number }> }; docsUrls: string[] };
  action: { installStatus: number; installStderr: string; installedMb: number; lint: { status: number; annotations: number; stderr: string } };
}

let report: ReleaseCheck;
/** The repository's own build on the same example, the findings the installed package must match. */
let repoFindings: Finding[];

beforeAll(() => {
  report = JSON.parse(execFileSync(process.execPath, [join(REPO_ROOT, "scripts/release-check.mjs"), "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as ReleaseCheck;
  const own = JSON.parse(runCli(["lint", "fixtures/example/drizzle", "--format", "json", "--no-cache"]).stdout) as { findings: Finding[] };
  repoFindings = own.findings;
}, 300_000);

/** A finding or ESLint message as "file:line rule", whatever folder the file was copied to. */
const at = (f: { ruleId: string; path?: string; file?: string; line: number }) => `${(f.path ?? f.file ?? "").replace(/^.*\//, "")}:${f.line} ${f.ruleId.replace(/^rollsafe\//, "")}`;

describe("the packed packages", () => {
  it("publish cleanly, with their README and LICENSE, and no source maps, build info, tests or fixtures", () => {
    expect(report.packages.map((p) => p.name)).toEqual(["rollsafe", "eslint-plugin-rollsafe"]);
    for (const p of report.packages) {
      expect(p.publishDryRun.status).toBe(0);
      expect(p.tarball.files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE"]));
      expect(p.tarball.files.filter((f) => /\.map$|tsbuildinfo|(^|\/)(test|fixtures|src)\//.test(f))).toEqual([]);
    }
    // The CLI ships its code once: the bundles, not the modules they were built from.
    const cli = report.packages[0]!.tarball.files;
    expect(cli.filter((f) => f.startsWith("dist/") && !f.endsWith(".bundle.js") && !f.startsWith("dist/chunks/"))).toEqual([]);
    expect(cli).toContain("schemas/release-safety.schema.json");
  });

  it("declare every public package's metadata, the same version and the repository the docs links use", () => {
    const root = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    for (const dir of ["packages/cli", "packages/eslint-plugin"]) {
      const pkg = JSON.parse(readFileSync(join(REPO_ROOT, dir, "package.json"), "utf8")) as Record<string, unknown>;
      expect(pkg).toMatchObject({ version: root.version, license: "MIT", engines: { node: ">=20.19" }, repository: { type: "git", directory: dir } });
      expect(pkg.homepage).toMatch(/^https:\/\//);
      expect((pkg.bugs as { url: string }).url).toMatch(/^https:\/\//);
      expect(readFileSync(join(REPO_ROOT, dir, "LICENSE"), "utf8")).toBe(readFileSync(join(REPO_ROOT, "LICENSE"), "utf8"));
    }
    expect(DOCS_BASE).toBe(`https://github.com/rollsafe/rollsafe/blob/v${root.version}/docs/`);
  });
});

describe("rollsafe installed alone in a fresh app", () => {
  it("lints the example as the repository's build does, with docs links that are URLs", () => {
    expect(report.cli.lint.stderr).toBe("");
    expect(report.cli.lint.status).toBe(1);
    expect(report.cli.lint.findings.map(at)).toEqual(repoFindings.map(at));
    expect(report.cli.lint.findings.length).toBeGreaterThan(3);
    for (const f of report.cli.lint.findings) expect(f.docs).toBe(`${DOCS_BASE}rules/${f.ruleId}.md`);
  });

  it("verifies on the embedded PGlite out of the box, with one copy of PGlite and no TypeScript of its own", () => {
    expect(report.cli.verify.stderr).toBe("");
    expect(report.cli.verify.status).toBe(0);
    expect(report.cli.verify.statements).toBeGreaterThan(5);
    expect(report.cli.pgliteCopies).toBe(1);
    expect(report.cli.nestedTypeScript).toEqual([]);
    expect(report.cli.installedMb).toBeLessThanOrEqual(60);
  });
});

describe("eslint-plugin-rollsafe installed alone in a fresh CommonJS app", () => {
  it("reports the example's SQL findings (the ones ESLint shows: not overridden) and a Drizzle schema file's", () => {
    const { eslint } = report.eslintPlugin;
    expect(eslint.stderr).toBe("");
    expect(eslint.status).toBe(1);
    const sql = eslint.messages.filter((m) => m.file.startsWith("migrations/"));
    expect(sql.map(at)).toEqual(repoFindings.filter((f) => !f.overridden).map(at));
    expect(eslint.messages.filter((m) => m.file === "src/db/schema.ts").map((m) => m.ruleId)).toEqual(["rollsafe/drizzle-removed-column"]);
  });

  it("links every rule it reported to a page of this release's docs", () => {
    expect(report.eslintPlugin.docsUrls.length).toBeGreaterThan(3);
    for (const url of report.eslintPlugin.docsUrls) expect(url.startsWith(DOCS_BASE)).toBe(true);
  });
});

describe("the Action's steps, run in a shell", () => {
  it("install the packed rollsafe without optional dependencies and lint with annotations", () => {
    expect(report.action.installStderr).toBe("");
    expect(report.action.installStatus).toBe(0);
    expect(report.action.installedMb).toBeLessThan(10);
    expect(report.action.lint.stderr).toBe("");
    expect(report.action.lint.status).toBe(1);
    expect(report.action.lint.annotations).toBe(repoFindings.length);
  });
});
