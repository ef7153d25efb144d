// A linted file's place among its folder's migrations, read once and refreshed when a file changes.
import { renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MigrationFolders } from "../src/migration/migration-folders.js";
import { lintSql, makeFolder, render } from "./support/lint-sql.js";

const only = (id: string) => ({ [`rollsafe/${id}`]: "error" as const });
const journal = (tags: string[]) => JSON.stringify({ version: "7", dialect: "postgresql", entries: tags.map((tag, idx) => ({ idx, tag, when: idx, breakpoints: true })) });

describe("MigrationFolders", () => {
  it("reads a folder once for every file in it, as long as nothing changes", () => {
    const root = makeFolder({ "m/1_a.sql": "CREATE TABLE a (id int);", "m/2_b.sql": "CREATE TABLE b (id int);", "m/3_c.sql": "SELECT 1;" });
    const folders = new MigrationFolders();
    for (let i = 0; i < 5; i++) {
      expect(folders.placeOf(join(root, "m/3_c.sql"), undefined)?.index).toBe(2);
      expect(folders.placeOf(join(root, "m/1_a.sql"), undefined)?.index).toBe(0);
    }
    expect(folders.reads).toBe(1);
  });

  it("reads it again when a migration before the file changes, not one after it", () => {
    const root = makeFolder({ "m/1_a.sql": "CREATE TABLE a (id int);", "m/2_b.sql": "SELECT 1;", "m/3_c.sql": "SELECT 2;" });
    const folders = new MigrationFolders();
    const file = join(root, "m/2_b.sql");
    folders.placeOf(file, undefined);
    writeFileSync(join(root, "m/3_c.sql"), "SELECT 3;");
    folders.placeOf(file, undefined);
    expect(folders.reads).toBe(1);
    writeFileSync(join(root, "m/1_a.sql"), "CREATE TABLE a (id int, b int);");
    expect(folders.placeOf(file, undefined)?.set.migrations[0]?.text).toBe("CREATE TABLE a (id int, b int);");
    expect(folders.reads).toBe(2);
  });

  it("notices a same-size edit by its modification time", () => {
    const root = makeFolder({ "m/1_a.sql": "CREATE TABLE a (id int);", "m/2_b.sql": "SELECT 1;" });
    const folders = new MigrationFolders();
    const file = join(root, "m/2_b.sql");
    folders.placeOf(file, undefined);
    writeFileSync(join(root, "m/1_a.sql"), "CREATE TABLE b (id int);");
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, "m/1_a.sql"), later, later);
    expect(folders.placeOf(file, undefined)?.set.migrations[0]?.text).toBe("CREATE TABLE b (id int);");
  });

  it("notices migrations added, removed or renamed (the folder changes)", () => {
    const root = makeFolder({ "m/1_a.sql": "SELECT 1;", "m/3_c.sql": "SELECT 3;" });
    const folders = new MigrationFolders();
    const file = join(root, "m/3_c.sql");
    expect(folders.placeOf(file, undefined)?.index).toBe(1);
    writeFileSync(join(root, "m/2_b.sql"), "SELECT 2;");
    expect(folders.placeOf(file, undefined)?.index).toBe(2);
    renameSync(join(root, "m/1_a.sql"), join(root, "m/4_a.sql"));
    expect(folders.placeOf(file, undefined)?.index).toBe(1);
    rmSync(join(root, "m/2_b.sql"));
    expect(folders.placeOf(file, undefined)?.index).toBe(0);
  });

  it("checks the 8 migrations before the file on every lint, the older ones when the last full check is a second old", () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`m/${i + 1}_m.sql`, `SELECT ${i};`]));
    const root = makeFolder(files);
    let clock = 0;
    const folders = new MigrationFolders({ now: () => clock });
    const file = join(root, "m/40_m.sql");
    folders.placeOf(file, undefined);
    // Position 38 (m/39) is recent: seen at once. Position 2 (m/3) is old: seen once a second has passed.
    writeFileSync(join(root, "m/39_m.sql"), "SELECT 'recent';");
    expect(folders.placeOf(file, undefined)?.set.migrations[38]?.text).toBe("SELECT 'recent';");
    writeFileSync(join(root, "m/3_m.sql"), "SELECT 'old';");
    clock += 999;
    expect(folders.placeOf(file, undefined)?.set.migrations[2]?.text).toBe("SELECT 2;");
    clock += 1;
    expect(folders.placeOf(file, undefined)?.set.migrations[2]?.text).toBe("SELECT 'old';");
    expect(folders.reads).toBe(3);
  });

  it("drizzle: follows the journal's order when it changes", () => {
    const root = makeFolder({ "drizzle/meta/_journal.json": journal(["0000_a", "0001_b"]), "drizzle/0000_a.sql": "SELECT 1;", "drizzle/0001_b.sql": "SELECT 2;" });
    const folders = new MigrationFolders();
    const file = join(root, "drizzle/0000_a.sql");
    expect(folders.placeOf(file, undefined)?.index).toBe(0);
    writeFileSync(join(root, "drizzle/meta/_journal.json"), journal(["0001_b", "0000_a"]));
    expect(folders.placeOf(file, undefined)?.index).toBe(1);
  });

  it("Prisma: the migrations folder above the migration's own", () => {
    const root = makeFolder({ "prisma/migrations/20240101_a/migration.sql": "SELECT 1;", "prisma/migrations/20240201_b/migration.sql": "SELECT 2;" });
    const place = new MigrationFolders().placeOf(join(root, "prisma/migrations/20240201_b/migration.sql"), undefined);
    expect([place?.set.kind, place?.index]).toEqual(["prisma", 1]);
  });

  it("a down migration's place is its up migration's, marked down, from the same folder read", () => {
    const root = makeFolder({ "m/1_a.up.sql": "SELECT 1;", "m/1_a.down.sql": "SELECT 2;", "m/2_b.up.sql": "SELECT 3;", "m/2_b.down.sql": "SELECT 4;" });
    const folders = new MigrationFolders();
    expect(folders.placeOf(join(root, "m/2_b.down.sql"), undefined)).toMatchObject({ index: 1, down: true, set: { kind: "golang-migrate" } });
    const reads = folders.reads;
    expect(folders.placeOf(join(root, "m/1_a.down.sql"), undefined)).toMatchObject({ index: 0, down: true });
    expect(folders.placeOf(join(root, "m/2_b.up.sql"), undefined)).toMatchObject({ index: 1 });
    expect(folders.placeOf(join(root, "m/2_b.up.sql"), undefined)?.down).toBeUndefined();
    expect(folders.reads).toBe(reads);
  });

  it("no place for a file outside any layout; one appears when the folder changes", () => {
    const root = makeFolder({ "m/1_a.up.sql": "SELECT 1;", "m/1_a.down.sql": "SELECT 2;", "notes/x.sql.txt": "" });
    const folders = new MigrationFolders();
    expect(folders.placeOf(join(root, "notes/query.sql"), undefined)).toBeUndefined();
    expect(folders.placeOf(join(root, "notes/query.sql"), undefined)).toBeUndefined();
    const reads = folders.reads;
    writeFileSync(join(root, "notes/query.sql"), "SELECT 1;");
    expect(folders.placeOf(join(root, "notes/query.sql"), undefined)).toMatchObject({ index: 0, set: { kind: "plain" } });
    expect(folders.reads).toBe(reads + 1);
  });
});

describe("linting against the folder's earlier migrations", () => {
  const DROP = "ALTER TABLE users DROP COLUMN nickname;\n";

  it("a table created by an earlier migration exists; one created in the file itself is new", () => {
    const root = makeFolder({ "m/1_init.sql": "CREATE TABLE users (id bigint, nickname text);", "m/2_drop.sql": DROP, "m/3_new.sql": "" });
    expect(lintSql(DROP, { filename: join(root, "m/2_drop.sql"), rules: only("dropping-column") }).map(render)).toEqual([expect.stringMatching(/^1:19-1:39 dropping-column /)]);
    const own = "CREATE TABLE teams (id bigint, nickname text);\nALTER TABLE teams DROP COLUMN nickname;\n";
    expect(lintSql(own, { filename: join(root, "m/3_new.sql"), rules: only("dropping-column") })).toEqual([]);
  });

  it("sees an edit of an earlier migration on the next lint (the editor saved it)", () => {
    const root = makeFolder({ "m/1_init.sql": "CREATE TABLE users (id bigint, email text);", "m/2_nn.sql": "" });
    const filename = join(root, "m/2_nn.sql");
    const setNotNull = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n";
    expect(lintSql(setNotNull, { filename, rules: only("setting-not-null") })).toHaveLength(1);
    writeFileSync(join(root, "m/1_init.sql"), "CREATE TABLE users (id bigint, email text NOT NULL);");
    expect(lintSql(setNotNull, { filename, rules: only("setting-not-null") })).toEqual([]);
  });

  it("lints the editor's text, not the file on disk; dbmate's down section is left out as the CLI leaves it out", () => {
    const root = makeFolder({ "db/20240101_init.sql": "-- migrate:up\nCREATE TABLE users (id bigint, nickname text);\n", "db/20240102_x.sql": "-- migrate:up\nSELECT 1;\n" });
    const text = `-- migrate:up\n${DROP}-- migrate:down\nALTER TABLE users DROP COLUMN id;\n`;
    expect(lintSql(text, { filename: join(root, "db/20240102_x.sql"), rules: only("dropping-column") }).map(render)).toEqual([expect.stringMatching(/^2:19-2:39 dropping-column /)]);
  });

  it("a file without a place is linted on its own, like `rollsafe lint <file>`", () => {
    const root = makeFolder({ "m/1_init.up.sql": "CREATE TABLE users (id bigint, nickname text);", "scratch/x.txt": "" });
    // Nothing created before it: the table counts as existing, as the CLI counts it.
    expect(lintSql(DROP, { filename: join(root, "scratch/drop.sql"), rules: only("dropping-column") })).toHaveLength(1);
  });

  it("a down migration gets no findings, as `rollsafe lint` of its folder checks none; PostgreSQL's syntax errors still show", () => {
    const root = makeFolder({ "m/1_init.up.sql": "CREATE TABLE users (id bigint, nickname text);", "m/1_init.down.sql": "" });
    const down = join(root, "m/1_init.down.sql");
    expect(lintSql("DROP TABLE users;\n", { filename: down })).toEqual([]);
    expect(lintSql(DROP, { filename: down, rules: only("dropping-column") })).toEqual([]);
    expect(lintSql("DROP TABLE users;\nDROPP TABLE x;\n", { filename: down }).map((m) => [m.fatal, m.line])).toEqual([[true, 2]]);
    // Its up migration is linted as before.
    expect(lintSql(DROP, { filename: join(root, "m/1_init.up.sql"), rules: only("dropping-column") })).toHaveLength(1);
  });
});
