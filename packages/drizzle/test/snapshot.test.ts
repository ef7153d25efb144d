// Layer 2: drizzle-kit snapshots (PostgreSQL, versions 5 to 7) read into the neutral schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readSnapshotText, SnapshotError } from "@rollsafe/drizzle";
import { describe, expect, it } from "vitest";

const V7 = join(import.meta.dirname, "../../../fixtures/drizzle-app/v1/drizzle/meta/0000_snapshot.json");

describe("readSnapshotText", () => {
  it("reads a version 7 snapshot: ids, tables, columns, foreign keys without the default action, enums, unique constraints", () => {
    const { id, prevId, version, dialect, schema } = readSnapshotText(readFileSync(V7, "utf8"), "meta/0000_snapshot.json");
    expect([id, prevId, version, dialect]).toEqual(["893e931e-fabe-4495-87fe-044978852051", "00000000-0000-0000-0000-000000000000", "7", "postgresql"]);
    const posts = schema.tables.find((t) => t.name === "posts")!;
    expect(posts.columns.find((c) => c.name === "author_id")!.references).toEqual({ table: "public.users", column: "id", onDelete: "cascade" });
    expect(posts.indexes).toEqual([{ name: "posts_author_idx", columns: ["author_id"], unique: false }]);
    const users = schema.tables.find((t) => t.name === "users")!;
    expect(users.uniques).toEqual([{ name: "users_email_unique", columns: ["email"] }]);
    expect(users.columns.find((c) => c.name === "role")).toMatchObject({ type: "role", typeSchema: "public", default: "'member'", notNull: true });
    expect(schema.enums).toEqual([{ schema: "public", name: "role", values: ["member", "admin"] }]);
  });

  it("reads the older shapes: v5 tables keyed by name, squashed keys, enum values as an object, index columns as names", () => {
    const v5 = {
      id: "b",
      prevId: "a",
      version: "5",
      dialect: "pg",
      tables: {
        members: {
          name: "members",
          schema: "",
          columns: { org_id: { name: "org_id", type: "integer", primaryKey: false, notNull: false }, user_id: { name: "user_id", type: "integer", primaryKey: false, notNull: true }, flag: { name: "flag", type: "boolean", primaryKey: false, notNull: true, default: false } },
          indexes: { members_user_idx: { name: "members_user_idx", columns: ["user_id"], isUnique: true } },
          foreignKeys: {},
          compositePrimaryKeys: { members_pk: "org_id,user_id" },
          uniqueConstraints: {},
        },
      },
      enums: { mood: { name: "mood", values: { sad: "sad", ok: "ok" } } },
    };
    const { schema } = readSnapshotText(JSON.stringify(v5), "v5.json");
    const [members] = schema.tables;
    expect(members).toMatchObject({ schema: "public", name: "members", primaryKey: { columns: ["org_id", "user_id"] }, indexes: [{ name: "members_user_idx", columns: ["user_id"], unique: true }] });
    expect(members!.columns.find((c) => c.name === "flag")!.default).toBe("false");
    expect(schema.enums).toEqual([{ schema: "public", name: "mood", values: ["sad", "ok"] }]);
  });

  it("locates tables and columns in the text when asked", () => {
    const { schema } = readSnapshotText(readFileSync(V7, "utf8"), "meta/0000_snapshot.json", { locations: true });
    const users = schema.tables.find((t) => t.name === "users")!;
    expect(users.location).toEqual({ file: "meta/0000_snapshot.json", line: 74, column: 5 });
    expect(users.columns.find((c) => c.name === "legacy_name")!.location).toEqual({ file: "meta/0000_snapshot.json", line: 96, column: 9 });
  });

  it("throws a SnapshotError with the place for text that is not a snapshot", () => {
    expect(() => readSnapshotText('{ "id": "x", ', "bad.json")).toThrow(SnapshotError);
    try {
      readSnapshotText('{ "id": "x", "tables": {,} }', "bad.json");
    } catch (error) {
      expect((error as SnapshotError).offset).toBe(24);
      expect((error as SnapshotError).message).toMatch(/^bad\.json: is not valid JSON: /);
    }
    expect(() => readSnapshotText('{ "id": "x" }', "bad.json")).toThrow("bad.json: is not a drizzle-kit snapshot (no tables object)");
  });
});
