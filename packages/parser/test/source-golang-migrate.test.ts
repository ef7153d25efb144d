import { readMigrationSets } from "@rollsafe/parser";
import { describe, expect, it } from "vitest";
import { makeTree } from "./support/temp-tree.js";

describe("golang-migrate folders", () => {
  it("orders versions as numbers (2 before 10) and attaches each down file to its up file", () => {
    const root = makeTree({
      "migrations/10_add_index.up.sql": "CREATE INDEX i ON users (email);",
      "migrations/10_add_index.down.sql": "DROP INDEX i;",
      "migrations/1_init.up.sql": "CREATE TABLE users (id int);",
      "migrations/1_init.down.sql": "DROP TABLE users;",
      "migrations/2_add_email.up.sql": "ALTER TABLE users ADD COLUMN email text;",
      "migrations/9_no_down.up.sql": "SELECT 9;",
      "migrations/11_down_only.down.sql": "SELECT 11;",
      "migrations/README.md": "notes",
    });
    const result = readMigrationSets(["migrations"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.root, s.kind])).toEqual([["migrations", "golang-migrate"]]);
    expect(result.sets[0]!.migrations).toEqual([
      {
        path: "migrations/1_init.up.sql",
        name: "1_init",
        text: "CREATE TABLE users (id int);",
        down: { path: "migrations/1_init.down.sql", text: "DROP TABLE users;" },
      },
      { path: "migrations/2_add_email.up.sql", name: "2_add_email", text: "ALTER TABLE users ADD COLUMN email text;" },
      { path: "migrations/9_no_down.up.sql", name: "9_no_down", text: "SELECT 9;" },
      {
        path: "migrations/10_add_index.up.sql",
        name: "10_add_index",
        text: "CREATE INDEX i ON users (email);",
        down: { path: "migrations/10_add_index.down.sql", text: "DROP INDEX i;" },
      },
    ]);
  });

  it("orders zero-padded and timestamp versions as numbers", () => {
    const root = makeTree({
      "m/000010_c.up.sql": "SELECT 10;",
      "m/000002_b.up.sql": "SELECT 2;",
      "m/1_a.up.sql": "SELECT 1;",
      "m/20240101120000_d.up.sql": "SELECT 4;",
    });
    expect(readMigrationSets(["m"], { cwd: root }).sets[0]!.migrations.map((m) => m.name)).toEqual(["1_a", "000002_b", "000010_c", "20240101120000_d"]);
  });

  it("attaches the down file when one up file is given and the source is forced", () => {
    const root = makeTree({ "m/3_x.up.sql": "SELECT 3;", "m/3_x.down.sql": "SELECT -3;", "m/4_y.up.sql": "SELECT 4;" });
    const result = readMigrationSets(["m/3_x.up.sql"], { cwd: root, source: "golang-migrate" });
    expect(result.problems).toEqual([]);
    expect(result.sets).toEqual([
      { root: "m/3_x.up.sql", kind: "golang-migrate", migrations: [{ path: "m/3_x.up.sql", name: "3_x", text: "SELECT 3;", down: { path: "m/3_x.down.sql", text: "SELECT -3;" } }] },
    ]);
  });
});
