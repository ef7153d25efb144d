// What verify reports besides locks: a failing statement (where, and that the run stops there),
// extensions PGlite has and has not, and the down round trip of golang-migrate and dbmate.
import { beforeAll, describe, expect, it } from "vitest";
import type { VerifyResult } from "@rollsafe/verify";
import { verifyFixture } from "./support.js";

const results = new Map<string, VerifyResult>();

beforeAll(async () => {
  for (const folder of ["failing", "extensions", "golang-migrate", "dbmate"]) results.set(folder, await verifyFixture(folder));
}, 180_000);

describe("a statement the server rejects", () => {
  it("stops the run there, with the server's message at its position in the file", () => {
    const result = results.get("failing")!;
    expect(result.failure).toEqual({ message: 'column "title" does not exist', line: 6, column: 7, code: "42703", path: "fixtures/verify/failing/0002_broken.sql" });
    // The statement after it and the next migration never ran.
    expect(result.statements.map((s) => `${s.path.split("/").pop()}:${s.line}`)).toEqual(["0001_init.sql:1", "0002_broken.sql:1", "0002_broken.sql:4"]);
    expect(result.migrations.map((m) => m.name)).toEqual(["0001_init", "0002_broken"]);
    expect(result.summary).toMatchObject({ failed: 1, applied: 2 });
  });
});

describe("extensions", () => {
  it("loads the PGlite contrib module for CREATE EXTENSION pg_trgm, so its operator classes work", () => {
    const trgm = results.get("extensions")!.statements.filter((s) => s.path.endsWith("0001_extensions.sql"));
    expect(trgm.map((s) => s.error)).toEqual([null, null, null]);
  });

  it("reports an extension PGlite lacks, and the statements that need it, as not verifiable here, and goes on", () => {
    const result = results.get("extensions")!;
    expect(result.failure).toBeNull();
    expect(result.missingExtensions).toEqual(["postgis"]);
    const postgis = result.statements.filter((s) => s.path.endsWith("0002_postgis.sql"));
    expect(postgis.map((s) => [s.line, s.notVerifiable?.extension ?? null])).toEqual([
      [1, "postgis"],
      [2, "postgis"],
      [3, "postgis"],
      [4, null],
    ]);
    expect(postgis[0]!.notVerifiable!.advice).toContain("--database-url");
    expect(postgis[3]!.error).toBeNull();
    expect(result.summary).toMatchObject({ notVerifiable: 3, failed: 0 });
  });
});

describe("down round trip", () => {
  it("golang-migrate: an exact down is ok; one that leaves a column behind is down-not-inverse, with the object", () => {
    const downs = results.get("golang-migrate")!.migrations.map((m) => [m.name, m.down?.outcome, m.down?.differences]);
    expect(downs).toEqual([
      ["1_create_users", "ok", []],
      ["2_add_nickname", "down-not-inverse", [{ object: "column public.users.legacy", change: "extra", after: "text" }]],
    ]);
    expect(results.get("golang-migrate")!.summary.downNotInverse).toBe(1);
  });

  it("dbmate: a down that does not restore a column's type is down-not-inverse", () => {
    const downs = results.get("dbmate")!.migrations.map((m) => [m.name, m.down?.outcome, m.down?.differences]);
    expect(downs).toEqual([
      ["20240101000000_create_teams", "ok", []],
      ["20240201000000_team_slug", "down-not-inverse", [{ object: "column public.teams.name", change: "differs", before: "text NOT NULL", after: "character varying(100) NOT NULL" }]],
    ]);
  });
});
