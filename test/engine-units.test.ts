import { resolve } from "node:path";
import { loadParser } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { beforeAll, expect, it } from "vitest";
import { lintMigrationSets } from "@rollsafe/core";

beforeAll(() => loadParser());

it("checks several changes in one pass: each unit sees the earlier units as existing", () => {
  const cwd = "/project";
  const migrations = [
    { path: "m/1.sql", name: "1", text: "CREATE TABLE a (id int, x int);\n" },
    { path: "m/2.sql", name: "2", text: "CREATE TABLE b (id int, y int);\nALTER TABLE b DROP COLUMN y;\n" },
    { path: "m/3.sql", name: "3", text: "ALTER TABLE b DROP COLUMN id;\nALTER TABLE a DROP COLUMN x;\n" },
  ];
  // 1.sql is history; 2.sql is release 1; 3.sql is release 2.
  const units = new Map([
    [resolve(cwd, "m/2.sql"), 1],
    [resolve(cwd, "m/3.sql"), 2],
  ]);
  const result = lintMigrationSets([{ root: "m", kind: "plain", migrations }], { rules: ALL_RULES, cwd, units });
  const drops = result.findings.filter((f) => f.ruleId === "dropping-column").map((f) => `${f.path}:${f.range.start.line}`);
  // b.y was created in the same release as its drop: silent. b.id and a.x existed before release 2.
  expect(drops).toEqual(["m/3.sql:1", "m/3.sql:2"]);
  expect(result.files.map((f) => f.checked)).toEqual([false, true, true]);
});
