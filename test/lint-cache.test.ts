// The lint cache (docs/cache.md), through the built CLI: only the bundle carries a build id.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "./support/run-cli.js";

/** A copy of the bundled drizzle example in a temp folder, so that the test can edit it. */
function exampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-cache-"));
  cpSync(join(REPO_ROOT, "fixtures/example/drizzle"), join(dir, "drizzle"), { recursive: true });
  return dir;
}

/** Lints the copy; `usage` is what ROLLSAFE_TIMING says the cache did. */
function lint(cwd: string, ...args: string[]) {
  const result = runCli(["lint", "drizzle", "--format", "json", ...args], { cwd, env: { ROLLSAFE_TIMING: "1" } });
  const usage = /cache: (\d+) set\(s\) read, (\d+) linted/.exec(result.stderr);
  return { ...result, usage: usage ? { read: Number(usage[1]), linted: Number(usage[2]) } : undefined };
}

function ruleIds(stdout: string): string[] {
  return (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
}

describe("the lint cache", () => {
  it("reads an unchanged set back and gives the same output", () => {
    const dir = exampleCopy();
    const first = lint(dir);
    const second = lint(dir);
    expect(first.usage).toEqual({ read: 0, linted: 1 });
    expect(second.usage).toEqual({ read: 1, linted: 0 });
    expect(second.status).toBe(first.status);
    expect(second.stdout).toBe(first.stdout);
    expect(ruleIds(first.stdout)).toContain("dropping-column");
  });

  it("lints a set again when one of its migrations changes", () => {
    const dir = exampleCopy();
    lint(dir);
    const file = join(dir, "drizzle/0002_contract.sql");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^.*RENAME COLUMN.*$/m, "SELECT 1;--> statement-breakpoint"));
    const after = lint(dir);
    expect(after.usage).toEqual({ read: 0, linted: 1 });
    expect(ruleIds(after.stdout)).not.toContain("renaming-column");
  });

  it("lints a drizzle-kit folder again when its journal or a snapshot changes (the folder checks read them)", () => {
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-cache-"));
    cpSync(join(REPO_ROOT, "fixtures/rules/snapshot-drift/good"), join(dir, "drizzle"), { recursive: true });
    expect(lint(dir).usage).toEqual({ read: 0, linted: 1 });
    expect(lint(dir).usage).toEqual({ read: 1, linted: 0 });
    // The snapshot now says bio is NOT NULL: the same SQL disagrees with it.
    const snapshot = join(dir, "drizzle/meta/0001_snapshot.json");
    writeFileSync(snapshot, readFileSync(snapshot, "utf8").replace(/("name": "bio",\s*"type": "text",\s*"primaryKey": false,\s*"notNull": )false/, "$1true"));
    const after = lint(dir);
    expect(after.usage).toEqual({ read: 0, linted: 1 });
    expect(ruleIds(after.stdout)).toContain("snapshot-drift");
    // The journal: one entry's when moved before the previous one's.
    const journal = join(dir, "drizzle/meta/_journal.json");
    writeFileSync(journal, readFileSync(journal, "utf8").replace(/"when": 1796014413459/, '"when": 1700000000000'));
    expect(ruleIds(lint(dir).stdout)).toContain("journal-order");
  });

  it("lints again when the configuration changes what is reported", () => {
    const dir = exampleCopy();
    expect(ruleIds(lint(dir).stdout)).toContain("renaming-column");
    writeFileSync(join(dir, "rollsafe.config.json"), JSON.stringify({ rules: { "renaming-column": "off" } }));
    const after = lint(dir);
    expect(after.usage).toEqual({ read: 0, linted: 1 });
    expect(ruleIds(after.stdout)).not.toContain("renaming-column");
  });

  it("ignores itself in git and keeps one entry per migration set", () => {
    const dir = exampleCopy();
    lint(dir);
    lint(dir, "--fail-on", "never");
    const cache = join(dir, ".rollsafe/cache");
    expect(readFileSync(join(cache, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(readdirSync(join(cache, "lint-2"))).toHaveLength(1);
  });

  it("treats a damaged entry as missing", () => {
    const dir = exampleCopy();
    const first = lint(dir);
    const entries = join(dir, ".rollsafe/cache/lint-2");
    for (const name of readdirSync(entries)) writeFileSync(join(entries, name), '{"format":2,"key":"');
    const after = lint(dir);
    expect(after.usage).toEqual({ read: 0, linted: 1 });
    expect(after.stdout).toBe(first.stdout);
  });

  it("--no-cache neither reads nor writes it", () => {
    const dir = exampleCopy();
    const result = lint(dir, "--no-cache");
    expect(result.usage).toBeUndefined();
    expect(ruleIds(result.stdout)).toContain("dropping-column");
    expect(existsSync(join(dir, ".rollsafe"))).toBe(false);
  });

  it("--cache-location puts it elsewhere, and a cache that cannot be written does not stop the run", () => {
    const dir = exampleCopy();
    lint(dir, "--cache-location", "build/lint-cache");
    expect(readdirSync(join(dir, "build/lint-cache/lint-2"))).toHaveLength(1);
    // A location under a file cannot be created, even by root.
    writeFileSync(join(dir, "not-a-folder"), "");
    const result = lint(dir, "--cache-location", "not-a-folder/cache");
    expect(result.status).toBe(1);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(ruleIds(result.stdout)).toContain("dropping-column");
  });

  it("an entry edited by hand (its findings removed) is linted again: the exit code stays 1", () => {
    const dir = exampleCopy();
    const first = lint(dir);
    expect(first.status).toBe(1);
    const [file] = entryFiles(dir);
    const entry = JSON.parse(readFileSync(file!, "utf8")) as { payload: string };
    writeFileSync(file!, JSON.stringify({ ...entry, payload: JSON.stringify({ ...JSON.parse(entry.payload), findings: [] }) }));
    const after = lint(dir);
    expect(after.usage).toEqual({ read: 0, linted: 1 });
    expect(after.status).toBe(1);
    expect(after.stdout).toBe(first.stdout);
  });

  it("a cache folder that git tracks is neither read nor written, with a warning (a pull request could commit a forged entry)", () => {
    const dir = exampleCopy();
    const first = lint(dir);
    // A forged entry with a valid digest: served while the cache is the user's own...
    forgeEmptyEntry(dir);
    expect(lint(dir).status).toBe(0);
    // ...and refused once it is committed, as a pull request would commit it.
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    git("add", "-f", ".rollsafe/cache");
    const result = lint(dir);
    expect(result.usage).toEqual({ read: 0, linted: 1 });
    expect(result.status).toBe(1);
    expect(ruleIds(result.stdout)).toEqual(ruleIds(first.stdout));
    expect(JSON.stringify(JSON.parse(result.stdout))).toMatch(/"path":"\.rollsafe\/cache","message":"the cache here was neither read nor written: git tracks files in it[^"]*","severity":"warn"/);
    expect(readFileSync(entryFiles(dir)[0]!, "utf8")).toContain('\\"findings\\":[]');
  });

  it("a cache folder outside any repository is trusted", () => {
    const dir = exampleCopy();
    const outside = mkdtempSync(join(tmpdir(), "rollsafe-cache-loc-"));
    mkdirSync(join(outside, "c"));
    expect(lint(dir, "--cache-location", join(outside, "c")).usage).toEqual({ read: 0, linted: 1 });
    expect(lint(dir, "--cache-location", join(outside, "c")).usage).toEqual({ read: 1, linted: 0 });
  });
});

function entryFiles(dir: string): string[] {
  const entries = join(dir, ".rollsafe/cache/lint-2");
  return readdirSync(entries).map((name) => join(entries, name));
}

/** Rewrites the entry with no findings and a digest computed as rollsafe computes it. */
function forgeEmptyEntry(dir: string): void {
  const [file] = entryFiles(dir);
  const entry = JSON.parse(readFileSync(file!, "utf8")) as { key: string; payload: string };
  const payload = JSON.stringify({ ...JSON.parse(entry.payload), findings: [] });
  const h = createHash("sha256");
  for (const part of ["rollsafe lint cache entry", entry.key, payload]) h.update(`${part.length}:`).update(part);
  writeFileSync(file!, JSON.stringify({ ...entry, payload, digest: h.digest("hex") }));
}
