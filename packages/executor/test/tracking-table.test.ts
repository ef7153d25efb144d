// How one step down is recorded, exactly as each tool records it, and how the URL is shown.
import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, quoteTable, trackingUpdate } from "@rollsafe/executor";

describe("trackingUpdate", () => {
  it("golang-migrate: the previous version, not dirty, as the only row", () => {
    expect(trackingUpdate("golang-migrate", "schema_migrations", "3", "2")).toEqual([
      { text: 'DELETE FROM "schema_migrations"', values: [] },
      { text: 'INSERT INTO "schema_migrations" (version, dirty) VALUES ($1, false)', values: ["2"] },
    ]);
  });

  it("golang-migrate: an empty table when no migration is left", () => {
    expect(trackingUpdate("golang-migrate", "ops.schema_migrations", "1", undefined)).toEqual([{ text: 'DELETE FROM "ops"."schema_migrations"', values: [] }]);
  });

  it("dbmate: the reverted version's row deleted", () => {
    expect(trackingUpdate("dbmate", "schema_migrations", "20240102000000", "20240101000000")).toEqual([{ text: 'DELETE FROM "schema_migrations" WHERE version = $1', values: ["20240102000000"] }]);
  });

  it("quotes each part of the table name", () => {
    expect(quoteTable('we"ird.t')).toBe('"we""ird"."t"');
  });
});

describe("parseDatabaseUrl", () => {
  it("keeps the password out of what is shown (and out of pg_dump's arguments)", () => {
    expect(parseDatabaseUrl("postgres://deploy:s3cr%40t@db.internal:5432/app?sslmode=require")).toEqual({ url: "postgres://deploy:s3cr%40t@db.internal:5432/app?sslmode=require", shown: "postgres://deploy@db.internal:5432/app?sslmode=require", password: "s3cr@t", database: "app" });
  });

  it("refuses what is not a postgres URL", () => {
    expect(() => parseDatabaseUrl("mysql://x/y")).toThrow("migrate-down: --database-url: expected a postgres:// URL, got mysql://");
    expect(() => parseDatabaseUrl("not a url")).toThrow("expected a URL such as postgres://user@host:5432/db");
  });
});
