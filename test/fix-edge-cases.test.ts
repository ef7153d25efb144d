// `rollsafe lint --fix` on the statement shapes that broke it: no `;`, a space or a comment before the
// `;`, an override above the statement, CRLF files, a symbolic link out of the project, an unwritable file.
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempProject } from "./support/run-cli.js";

const INIT = "CREATE TABLE t (id bigint PRIMARY KEY, x int);\n";

function project(migration: string): string {
  const dir = tempProject({ "rollsafe.config.json": JSON.stringify({ migrations: { transaction: "none" } }), "m/001_init.sql": INIT });
  writeFileSync(join(dir, "m/002_change.sql"), migration);
  return dir;
}

function fix(dir: string) {
  return runCli(["lint", "m", "--fix", "--no-cache", "--format", "json"], { cwd: dir });
}

const split = (name: string) => `SET lock_timeout = '5s';\nALTER TABLE t ADD CONSTRAINT ${name} CHECK (x > 0) NOT VALID;\nALTER TABLE "t" VALIDATE CONSTRAINT "${name}"`;

describe("lint --fix keeps SQL valid", () => {
  it.each([
    ["no semicolon at the end of the file", "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0)", `${split("c")}`],
    ["a space before the semicolon", "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) ;\n", `${split("c")} ;\n`],
    ["a comment before the semicolon", "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) -- why\n;\n", `${split("c")} -- why\n;\n`],
    ["a trailing comment and no semicolon", "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) -- note", `${split("c")} -- note`],
    ["an override right above", "-- compat: breaking (reason: test)\nALTER TABLE t ALTER COLUMN x TYPE bigint;\n", "SET lock_timeout = '5s';\n-- compat: breaking (reason: test)\nALTER TABLE t ALTER COLUMN x TYPE bigint;\n"],
    ["CRLF line breaks", "SELECT 1;\r\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\r\n", `SELECT 1;\r\n${split("c").replace(/\n/g, "\r\n")};\r\n`],
  ])("%s", (_name, before, after) => {
    const dir = project(before);
    const result = fix(dir);
    expect(result.stderr).toMatch(/fix\(es\) applied/);
    expect(readFileSync(join(dir, "m/002_change.sql"), "utf8")).toBe(after);
    // What is left parses, and an override still allows its statement.
    const ids = (JSON.parse(result.stdout) as { findings: { ruleId: string; overridden?: unknown }[] }).findings;
    expect(ids.map((f) => f.ruleId)).not.toContain("syntax-error");
    expect(ids.filter((f) => f.ruleId === "changing-column-type").every((f) => f.overridden)).toBe(true);
  });

  it("leaves a symbolic link to a file outside the project alone, and an unwritable folder with one line, no stack trace", () => {
    const outside = tempProject({ "002_change.sql": "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\n" });
    const dir = tempProject({ "rollsafe.config.json": JSON.stringify({ migrations: { transaction: "none" } }), "m/001_init.sql": INIT });
    symlinkSync(join(outside, "002_change.sql"), join(dir, "m/002_change.sql"));
    const linked = fix(dir);
    expect(linked.stderr).toMatch(/not fixed m\/002_change\.sql: a symbolic link to .*, outside .*: --fix writes only inside the working directory/);
    expect(readFileSync(join(outside, "002_change.sql"), "utf8")).toBe("ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\n");

    const locked = project("ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\n");
    mkdirSync(join(locked, "m2"));
    chmodSync(join(locked, "m"), 0o555);
    const result = fix(locked);
    chmodSync(join(locked, "m"), 0o755);
    // root may write anyway; either the fix landed whole or the file is unchanged with one line.
    const text = readFileSync(join(locked, "m/002_change.sql"), "utf8");
    if (/not fixed/.test(result.stderr)) {
      expect(result.stderr).toMatch(/not fixed m\/002_change\.sql: not written \(EACCES: permission denied\); the file is unchanged/);
      expect(text).toBe("ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0);\n");
    } else expect(text).toContain("NOT VALID;");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
