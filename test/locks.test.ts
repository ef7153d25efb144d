// statementLocks (rules/support/locks.ts): the lock each statement takes, per PostgreSQL's
// documentation ("Explicit Locking" and each command's page).
import { replayStatement, SchemaModel } from "@rollsafe/core";
import { parseSqlText, loadParser } from "@rollsafe/parser";
import { statementLocks } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => loadParser());

function locks(sql: string): string[] {
  return parseSqlText(sql).statements.flatMap((s) => statementLocks(s).map((l) => `${l.table}: ${l.mode}`));
}

describe("statementLocks", () => {
  it.each([
    // ALTER TABLE: the strongest lock of its sub-commands.
    ["ALTER TABLE users ADD COLUMN bio text", ["public.users: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE users VALIDATE CONSTRAINT users_check", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE users ALTER COLUMN email SET STATISTICS 500", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE users SET (fillfactor = 90)", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE users CLUSTER ON users_pkey", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["ALTER TABLE users DISABLE TRIGGER audit", ["public.users: SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE users VALIDATE CONSTRAINT c, ADD COLUMN bio text", ["public.users: ACCESS EXCLUSIVE"]],
    // A foreign key: SHARE ROW EXCLUSIVE on both tables, NOT VALID or not.
    ["ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)", ["public.posts: SHARE ROW EXCLUSIVE", "public.users: SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES app.users (id) NOT VALID", ["public.posts: SHARE ROW EXCLUSIVE", "app.users: SHARE ROW EXCLUSIVE"]],
    ["ALTER TABLE posts ADD CONSTRAINT c CHECK (id > 0) NOT VALID", ["public.posts: ACCESS EXCLUSIVE"]],
    // Partitions.
    ["ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", ["public.events: SHARE UPDATE EXCLUSIVE", "public.events_2024: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE events DETACH PARTITION events_2024", ["public.events: ACCESS EXCLUSIVE", "public.events_2024: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY", ["public.events: SHARE UPDATE EXCLUSIVE", "public.events_2024: SHARE UPDATE EXCLUSIVE"]],
    ["CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')", ["public.events: ACCESS EXCLUSIVE"]],
    ["CREATE TABLE posts (id bigint, user_id bigint REFERENCES users (id))", ["public.users: SHARE ROW EXCLUSIVE"]],
    ["CREATE TABLE posts (id bigint)", []],
    // Indexes.
    ["CREATE INDEX i ON users (email)", ["public.users: SHARE"]],
    ["CREATE INDEX CONCURRENTLY i ON users (email)", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["DROP INDEX i", ["public.i: ACCESS EXCLUSIVE"]],
    ["DROP INDEX CONCURRENTLY app.i", ["app.i: SHARE UPDATE EXCLUSIVE"]],
    ["REINDEX INDEX i", ["public.i: ACCESS EXCLUSIVE"]],
    ["REINDEX TABLE users", ["public.users: SHARE"]],
    ["REINDEX TABLE CONCURRENTLY users", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["REINDEX SCHEMA app", []],
    // Drops, renames, truncation.
    ["DROP TABLE users, app.posts", ["public.users: ACCESS EXCLUSIVE", "app.posts: ACCESS EXCLUSIVE"]],
    ["DROP TRIGGER audit ON app.users", ["app.users: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE users RENAME COLUMN email TO mail", ["public.users: ACCESS EXCLUSIVE"]],
    ["ALTER INDEX i RENAME TO j", ["public.i: SHARE UPDATE EXCLUSIVE"]],
    ["TRUNCATE users, posts", ["public.users: ACCESS EXCLUSIVE", "public.posts: ACCESS EXCLUSIVE"]],
    ["CREATE TRIGGER audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION audit()", ["public.users: SHARE ROW EXCLUSIVE"]],
    // LOCK TABLE: every mode, ACCESS EXCLUSIVE by default.
    ["LOCK TABLE users", ["public.users: ACCESS EXCLUSIVE"]],
    ["LOCK users, posts IN SHARE MODE", ["public.users: SHARE", "public.posts: SHARE"]],
    ["LOCK TABLE users IN ACCESS SHARE MODE", ["public.users: ACCESS SHARE"]],
    ["LOCK TABLE users IN ROW SHARE MODE", ["public.users: ROW SHARE"]],
    ["LOCK TABLE users IN ROW EXCLUSIVE MODE", ["public.users: ROW EXCLUSIVE"]],
    ["LOCK TABLE users IN SHARE UPDATE EXCLUSIVE MODE", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", ["public.users: SHARE ROW EXCLUSIVE"]],
    ["LOCK TABLE users IN EXCLUSIVE MODE", ["public.users: EXCLUSIVE"]],
    ["LOCK TABLE users IN ACCESS EXCLUSIVE MODE NOWAIT", ["public.users: ACCESS EXCLUSIVE"]],
    // Maintenance.
    ["REFRESH MATERIALIZED VIEW stats", ["public.stats: ACCESS EXCLUSIVE"]],
    ["REFRESH MATERIALIZED VIEW CONCURRENTLY stats", ["public.stats: EXCLUSIVE"]],
    ["VACUUM FULL users", ["public.users: ACCESS EXCLUSIVE"]],
    ["VACUUM (FULL, ANALYZE) users, posts", ["public.users: ACCESS EXCLUSIVE", "public.posts: ACCESS EXCLUSIVE"]],
    ["VACUUM (FULL false) users", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["VACUUM users", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["ANALYZE users", ["public.users: SHARE UPDATE EXCLUSIVE"]],
    ["CLUSTER users USING users_pkey", ["public.users: ACCESS EXCLUSIVE"]],
    ["CLUSTER", []],
    // No table lock worth following.
    ["SELECT 1", []],
    ["SET lock_timeout = '5s'", []],
  ])("%s", (sql, expected) => {
    expect(locks(sql)).toEqual(expected);
  });
});

// With the schema before the statement, the lock table also names the tables a foreign key ties to the
// ones the statement names: PostgreSQL drops (and re-creates) the key's triggers on both tables.
// Observed on PostgreSQL 15 and 18 by `rollsafe verify` on the shared corpus (docs/verify.md).
describe("statementLocks with the schema model: foreign-key partners", () => {
  const HISTORY = [
    "CREATE TABLE users (id bigint PRIMARY KEY)",
    "CREATE TABLE teams (id bigint PRIMARY KEY)",
    "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), team_id bigint, CONSTRAINT posts_team_fk FOREIGN KEY (team_id) REFERENCES teams (id))",
    "CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint, CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id))",
  ].join(";\n");

  function locksAfterHistory(sql: string): string[] {
    const model = new SchemaModel();
    for (const statement of parseSqlText(HISTORY).statements) replayStatement(model, statement, "history");
    return parseSqlText(sql).statements.flatMap((s) => statementLocks(s, model).map((l) => `${l.table}: ${l.mode}`));
  }

  it.each([
    // DROP TABLE drops its own keys: the referenced tables lose their triggers.
    ["DROP TABLE posts", ["public.posts: ACCESS EXCLUSIVE", "public.users: ACCESS EXCLUSIVE", "public.teams: ACCESS EXCLUSIVE"]],
    // ... and with CASCADE the keys that reference it.
    ["DROP TABLE comments CASCADE", ["public.comments: ACCESS EXCLUSIVE", "public.posts: ACCESS EXCLUSIVE"]],
    ["DROP TABLE posts, users", ["public.posts: ACCESS EXCLUSIVE", "public.users: ACCESS EXCLUSIVE", "public.teams: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE posts DROP CONSTRAINT posts_team_fk", ["public.posts: ACCESS EXCLUSIVE", "public.teams: ACCESS EXCLUSIVE"]],
    // The name PostgreSQL gives an inline REFERENCES.
    ["ALTER TABLE posts DROP CONSTRAINT posts_user_id_fkey", ["public.posts: ACCESS EXCLUSIVE", "public.users: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE posts DROP CONSTRAINT posts_pkey", ["public.posts: ACCESS EXCLUSIVE"]],
    // A key column's type change rebuilds the key, on either side.
    ["ALTER TABLE posts ALTER COLUMN team_id TYPE integer", ["public.posts: ACCESS EXCLUSIVE", "public.teams: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE posts ALTER COLUMN id TYPE integer", ["public.posts: ACCESS EXCLUSIVE", "public.comments: ACCESS EXCLUSIVE"]],
    ["ALTER TABLE posts DROP COLUMN user_id", ["public.posts: ACCESS EXCLUSIVE", "public.users: ACCESS EXCLUSIVE"]],
    // Renames are followed.
    ["ALTER TABLE users RENAME TO members;\nDROP TABLE posts", ["public.users: ACCESS EXCLUSIVE", "public.posts: ACCESS EXCLUSIVE", "public.members: ACCESS EXCLUSIVE", "public.teams: ACCESS EXCLUSIVE"]],
  ])("%s", (sql, expected) => {
    expect(locksAfterHistoryReplayed(sql)).toEqual(expected);
  });

  /** Each statement sees the model after the ones before it, as in a lint run. */
  function locksAfterHistoryReplayed(sql: string): string[] {
    const model = new SchemaModel();
    for (const statement of parseSqlText(HISTORY).statements) replayStatement(model, statement, "history");
    return parseSqlText(sql).statements.flatMap((s) => {
      const locks = statementLocks(s, model).map((l) => `${l.table}: ${l.mode}`);
      replayStatement(model, s, 1);
      return locks;
    });
  }

  it("without the model, names only the relations in the statement", () => {
    expect(locksAfterHistory("SELECT 1")).toEqual([]);
    expect(locks("DROP TABLE posts")).toEqual(["public.posts: ACCESS EXCLUSIVE"]);
  });
});
