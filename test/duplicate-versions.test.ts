// Two golang-migrate (or dbmate) migrations of one version: lint fails naming both files, and
// migrate-down refuses to guess which one is applied.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readMigrationSets } from "@rollsafe/parser";
import { downTarget, MigrateDownRefusal } from "@rollsafe/executor";
import { runCli, tempProject } from "./support/run-cli.js";

const GOLANG = {
  "migrations/1_users.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
  "migrations/1_users.down.sql": "DROP TABLE users;\n",
  "migrations/2_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY);\n",
  "migrations/2_orders.down.sql": "DROP TABLE orders;\n",
  "migrations/002_invoices.up.sql": "CREATE TABLE invoices (id bigint PRIMARY KEY);\n",
  "migrations/002_invoices.down.sql": "DROP TABLE invoices;\n",
};

describe("duplicate migration versions", () => {
  it("lint: golang-migrate files of one version (2 and 002) are an error naming both, exit 1", () => {
    const dir = tempProject(GOLANG);
    const result = runCli(["lint", "migrations"], { cwd: dir });
    expect(result.status).toBe(1);
    const out = result.stdout + result.stderr;
    expect(out).toMatch(/migrations\/2_orders\.up\.sql.*has version 2, as migrations\/002_invoices\.up\.sql does: golang-migrate refuses a folder with two migrations of one version/);
  });

  it("lint: dbmate files of one version are an error too; distinct versions are not", () => {
    const dir = tempProject({
      "db/migrations/20240101000000_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
      "db/migrations/20240101000000_b.sql": "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n",
      "db/migrations/20240102000000_c.sql": "-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE c;\n",
    });
    const result = runCli(["lint", "db/migrations"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain("has version 20240101000000, as db/migrations/20240101000000_a.sql does: dbmate records the version only");
    expect(result.stdout + result.stderr).not.toContain("20240102000000_c.sql does");
  });

  it("migrate-down refuses an applied version that two files have, naming both", () => {
    const dir = tempProject(GOLANG);
    const { sets } = readMigrationSets([join(dir, "migrations")], { cwd: dir });
    const set = sets[0]!;
    expect(set.kind).toBe("golang-migrate");
    expect(() => downTarget(set, "golang-migrate", { current: "2", dirty: false, applied: ["2"] }, "schema_migrations")).toThrow(MigrateDownRefusal);
    expect(() => downTarget(set, "golang-migrate", { current: "2", dirty: false, applied: ["2"] }, "schema_migrations")).toThrow(/migrations\/(2_orders|002_invoices)\.up\.sql and migrations\/(2_orders|002_invoices)\.up\.sql both have that version/);
    // A version only one file has is still found.
    expect(downTarget(set, "golang-migrate", { current: "1", dirty: false, applied: ["1"] }, "schema_migrations").migration.path).toBe("migrations/1_users.up.sql");
  });
});

