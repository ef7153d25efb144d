import { loadParser, parseSqlText } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";
import { ReplayCache, replayStatement, SchemaModel } from "../src/index.js";

beforeAll(() => loadParser());

/** 150 migrations: each creates a table, and every third one changes an earlier table. */
function migrations(count = 150): { text: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const changes = i % 3 === 2 ? `ALTER TABLE t${i - 2} ADD COLUMN c${i} text NOT NULL DEFAULT '', ALTER COLUMN id SET DATA TYPE bigint;\nCREATE TYPE e${i} AS ENUM ('a');\nALTER TYPE e${i} ADD VALUE 'b';\n` : "";
    return { text: `CREATE TABLE t${i} (id int PRIMARY KEY, name varchar(20), CONSTRAINT t${i}_name CHECK (name IS NOT NULL) NOT VALID);\nCREATE INDEX t${i}_name_idx ON t${i} (name);\n${changes}` };
  });
}

/** The schema before `index`, replayed from scratch: what the cache must always agree with. */
function fresh(list: readonly { text: string }[], index: number): SchemaModel {
  const model = new SchemaModel();
  for (const m of list.slice(0, index)) for (const s of parseSqlText(m.text).statements) replayStatement(model, s, "history");
  return model;
}

const CHANGES =
  "ALTER TABLE t0 ALTER COLUMN name SET NOT NULL, DROP COLUMN id;\nALTER TABLE t0 VALIDATE CONSTRAINT t0_name;\nALTER TYPE e2 ADD VALUE 'c';\nALTER TYPE e2 RENAME VALUE 'a' TO 'z';\n" +
  "ALTER TABLE t1 RENAME TO u1;\nALTER TABLE t2 RENAME COLUMN name TO title;\nALTER TABLE t2 RENAME CONSTRAINT t2_name TO t2_title;\nALTER INDEX t3_name_idx RENAME TO t3_i;\nALTER TABLE t4 ADD COLUMN x int;\nDROP TABLE t5;";

describe("SchemaModel.clone", () => {
  it("replaying into the copy leaves the original as it was, and the other way round", () => {
    for (const changed of ["copy", "original"] as const) {
      const original = fresh(migrations(6), 6);
      const copy = original.clone();
      expect(copy).toEqual(original);
      const [target, other] = changed === "copy" ? [copy, original] : [original, copy];
      const before = structuredClone(other);
      for (const s of parseSqlText(CHANGES).statements) replayStatement(target, s, 1);
      expect(target, changed).not.toEqual(other);
      expect(other, changed).toEqual(before);
    }
  });

  it("a copy of a copy is independent too", () => {
    const first = fresh(migrations(6), 6).clone();
    const second = first.clone();
    const before = structuredClone(first);
    for (const s of parseSqlText(CHANGES).statements) replayStatement(second, s, 1);
    expect(first).toEqual(before);
  });
});

describe("ReplayCache", () => {
  it("gives the schema before any position, in any order, as a replay from scratch does", () => {
    const list = migrations();
    const cache = new ReplayCache();
    for (const index of [149, 3, 0, 64, 65, 128, 130, 1, 149, 100]) {
      expect(cache.modelBefore(list, index), `before ${index}`).toEqual(fresh(list, index));
    }
  });

  it("replays each migration once when asked position after position (ESLint linting a folder)", () => {
    const list = migrations();
    const cache = new ReplayCache();
    for (let i = 0; i < list.length; i++) cache.modelBefore(list, i);
    expect(cache.replayed).toBe(list.length - 1);
  });

  it("replays nothing for a position asked for again (the editor re-linting one file)", () => {
    const list = migrations();
    const cache = new ReplayCache();
    cache.modelBefore(list, 140);
    const after = cache.replayed;
    cache.modelBefore(list, 140);
    cache.modelBefore(list, 140);
    expect(cache.replayed).toBe(after);
  });

  it("returns a copy: replaying into it does not change the next answer", () => {
    const list = migrations(10);
    const cache = new ReplayCache();
    const first = cache.modelBefore(list, 9);
    for (const s of parseSqlText("DROP TABLE t0; DROP TABLE t1;").statements) replayStatement(first, s, 10);
    expect(cache.modelBefore(list, 9).tables.has("public.t0")).toBe(true);
  });

  it("notices a changed earlier migration and replays from the last model before it", () => {
    const list = migrations();
    const cache = new ReplayCache();
    cache.modelBefore(list, 149);
    const changed = list.map((m, i) => (i === 140 ? { text: `${m.text}\nALTER TABLE t0 DROP COLUMN name;` } : m));
    const before = cache.replayed;
    const model = cache.modelBefore(changed, 149);
    expect(model.tables.get("public.t0")?.columns.has("name")).toBe(false);
    expect(model).toEqual(fresh(changed, 149));
    // From the checkpoint at 128: 21 migrations, not 149.
    expect(cache.replayed - before).toBe(21);
    // Positions before the change are still answered from what was kept.
    const kept = cache.replayed;
    expect(cache.modelBefore(changed, 128)).toEqual(fresh(changed, 128));
    expect(cache.replayed).toBe(kept);
  });

  it("notices a migration inserted before the position", () => {
    const list = migrations(20);
    const cache = new ReplayCache();
    cache.modelBefore(list, 19);
    const inserted = [...list.slice(0, 5), { text: "CREATE TABLE inserted (id int);" }, ...list.slice(5)];
    expect(cache.modelBefore(inserted, 20)).toEqual(fresh(inserted, 20));
  });
});
