import { readMigrationSets } from "@rollsafe/parser";
import { describe, expect, it } from "vitest";
import { DIR, makeTree } from "./support/temp-tree.js";

describe("Prisma folders", () => {
  it("reads <timestamp>_<name>/migration.sql in order, including folders whose names end in .sql", () => {
    const root = makeTree({
      "prisma/migrations/migration_lock.toml": 'provider = "postgresql"',
      "prisma/migrations/20250517273700_add_table_view_presets.sql/migration.sql": "CREATE TABLE presets (id int);",
      "prisma/migrations/20230518191501_init/migration.sql": "CREATE TABLE users (id int);",
      "prisma/migrations/20250517173700_add_event_log.sql/migration.sql": "ALTER TABLE users ADD COLUMN e text;",
      "prisma/migrations/20240101000000_no_sql_here": DIR,
      "prisma/migrations/20240102000000_notes/README.md": "no migration.sql in this folder",
      "prisma/migrations/README.md": "docs",
    });
    const result = readMigrationSets(["prisma/migrations"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.root, s.kind])).toEqual([["prisma/migrations", "prisma"]]);
    expect(result.sets[0]!.migrations).toEqual([
      { path: "prisma/migrations/20230518191501_init/migration.sql", name: "20230518191501_init", text: "CREATE TABLE users (id int);" },
      {
        path: "prisma/migrations/20250517173700_add_event_log.sql/migration.sql",
        name: "20250517173700_add_event_log.sql",
        text: "ALTER TABLE users ADD COLUMN e text;",
      },
      {
        path: "prisma/migrations/20250517273700_add_table_view_presets.sql/migration.sql",
        name: "20250517273700_add_table_view_presets.sql",
        text: "CREATE TABLE presets (id int);",
      },
    ]);
  });

  it("is found from the project folder by the nested search", () => {
    const root = makeTree({
      "app/prisma/schema.prisma": "datasource db {}",
      "app/prisma/migrations/20240101000000_init/migration.sql": "SELECT 1;",
    });
    const result = readMigrationSets(["app"], { cwd: root });
    expect(result.problems).toEqual([]);
    expect(result.sets.map((s) => [s.root, s.kind, s.migrations.length])).toEqual([["app/prisma/migrations", "prisma", 1]]);
  });

  it("is read as Prisma when forced, and a lone migration.sql given by path is read", () => {
    const root = makeTree({ "m/20240101000000_init/migration.sql": "SELECT 1;" });
    const forced = readMigrationSets(["m"], { cwd: root, source: "prisma" });
    expect(forced.sets.map((s) => [s.kind, s.migrations.map((m) => m.name)])).toEqual([["prisma", ["20240101000000_init"]]]);
    const single = readMigrationSets(["m/20240101000000_init/migration.sql"], { cwd: root, source: "prisma" });
    expect(single.problems).toEqual([]);
    expect(single.sets.map((s) => [s.root, s.kind, s.migrations.map((m) => m.name)])).toEqual([
      ["m/20240101000000_init/migration.sql", "prisma", ["20240101000000_init"]],
    ]);
  });
});

describe("order", () => {
  it("is plain name order, as Prisma applies folders (a short timestamp is not a small number)", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-prisma-order-"));
    for (const name of ["20250625_add_pivot", "20230518191501_init", "20240101000000_more"]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, "migration.sql"), "SELECT 1;\n");
    }
    const [set] = readMigrationSets([dir]).sets;
    expect(set!.migrations.map((m) => m.name)).toEqual(["20230518191501_init", "20240101000000_more", "20250625_add_pivot"]);
  });
});
