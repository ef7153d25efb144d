// findCompatBreaks: each kind of break, on migrations given as text and the old code's schema file.
import { extractDrizzleSchema, findCompatBreaks, type CompatBreak } from "@rollsafe/drizzle";
import { loadParser, type Migration } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => loadParser());

const OLD_SCHEMA = `import { pgTable, serial, text, varchar, integer } from "drizzle-orm/pg-core";
export const users = pgTable("users", {
  id: serial().primaryKey(),
  email: varchar({ length: 255 }).notNull(),
  nickname: text(),
  age: integer(),
});
export const audit = pgTable("audit", { id: serial().primaryKey(), event: text().notNull() });
`;
const HISTORY = `CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL, "email" varchar(255) NOT NULL, "nickname" text, "age" integer);
CREATE TABLE "audit" ("id" serial PRIMARY KEY NOT NULL, "event" text NOT NULL);`;

function breaks(change: string, history = HISTORY): CompatBreak[] {
  const expected = extractDrizzleSchema([{ path: "/app/src/schema.ts", text: OLD_SCHEMA }], { cwd: "/app" }).schema;
  const migrations: Migration[] = [
    { path: "drizzle/0000_init.sql", name: "0000_init", text: history },
    { path: "drizzle/0001_change.sql", name: "0001_change", text: change },
  ];
  return findCompatBreaks({ sets: [{ root: "drizzle", kind: "drizzle", migrations }], isNew: (m) => m.name === "0001_change", expected });
}

const brief = (b: CompatBreak) => `${b.kind} ${b.table}${b.column ? `.${b.column}` : ""} @${b.statement.location.line}`;

describe("findCompatBreaks", () => {
  it.each([
    ["a dropped table", 'DROP TABLE "audit";', ["table-dropped public.audit @1"]],
    ["a renamed table", 'ALTER TABLE "audit" RENAME TO "audit_log";', ["table-renamed public.audit @1"]],
    ["a dropped column", 'ALTER TABLE "users" DROP COLUMN "nickname";', ["column-dropped public.users.nickname @1"]],
    ["a renamed column", 'ALTER TABLE "users" RENAME COLUMN "nickname" TO "handle";', ["column-renamed public.users.nickname @1"]],
    ["a narrowing type change", 'ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(100);', ["type-changed public.users.email @1"]],
    ["an incompatible type change", 'ALTER TABLE "users" ALTER COLUMN "age" SET DATA TYPE text;', ["type-changed public.users.age @1"]],
    ["a column it declares nullable, now NOT NULL", 'ALTER TABLE "users" ALTER COLUMN "nickname" SET NOT NULL;', ["now-not-null public.users.nickname @1"]],
    ["a NOT NULL column it does not know, without default", 'ALTER TABLE "users" ADD COLUMN "tenant_id" integer NOT NULL;', ["required-column public.users.tenant_id @1"]],
    ["a new unique constraint on a column it writes", 'ALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE ("email");', ["new-unique public.users.email @1"]],
    ["a new unique index", 'CREATE UNIQUE INDEX "users_nick_idx" ON "users" ("nickname");', ["new-unique public.users.nickname @1"]],
    ["a new CHECK constraint", 'ALTER TABLE "users" ADD CONSTRAINT "age_positive" CHECK ("age" > 0) NOT VALID;', ["new-check public.users @1"]],
  ])("%s", (_, change, expected) => {
    expect(breaks(change).map(brief)).toEqual(expected);
  });

  it.each([
    ["a compatible widening", 'ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(500);'],
    ["a nullable column", 'ALTER TABLE "users" ADD COLUMN "bio" text;'],
    ["a NOT NULL column with a default", 'ALTER TABLE "users" ADD COLUMN "plan" text DEFAULT \'free\' NOT NULL;'],
    ["a new table", 'CREATE TABLE "posts" ("id" serial PRIMARY KEY, "title" text NOT NULL);'],
    ["a plain index", 'CREATE INDEX "users_age_idx" ON "users" ("age");'],
    ["dropping NOT NULL", 'ALTER TABLE "audit" ALTER COLUMN "event" DROP NOT NULL;'],
    ["a unique index over the primary key and more (the old code already keeps id unique)", 'CREATE UNIQUE INDEX "users_id_email" ON "users" ("id", "email");'],
    ["a unique index with a new nullable column (NULL in every row the old code writes)", 'ALTER TABLE "users" ADD COLUMN "workspace_id" text;\nCREATE UNIQUE INDEX "users_email_ws" ON "users" ("workspace_id", "email");'],
  ])("nothing for %s", (_, change) => {
    expect(breaks(change).map(brief)).toEqual([]);
  });

  it("points at the declaration in the old schema file and at the breaking statement", () => {
    const [found] = breaks('ALTER TABLE "users" ADD COLUMN "bio" text;--> statement-breakpoint\nALTER TABLE "users" DROP COLUMN "nickname";');
    expect(found).toMatchObject({
      kind: "column-dropped",
      declaredAt: { file: "src/schema.ts", line: 5, column: 3 },
      statement: { migration: "0001_change", location: { file: "drizzle/0001_change.sql", line: 2, column: 1 }, sql: 'ALTER TABLE "users" DROP COLUMN "nickname"' },
    });
    expect(found!.message).toBe('column "nickname" of "users" is dropped: the previous release still selects, inserts and returns it (drizzle lists every declared column); the same migration adds "bio": if that is a rename done as DROP + ADD, the data is lost too');
  });

  it("does not blame the new migrations for what the old code already lived with (drift before the change)", () => {
    // The SQL never had "age": the old code's schema file declares it anyway. Dropping another column is the only break.
    const history = 'CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL, "email" varchar(255) NOT NULL, "nickname" text);\nCREATE TABLE "audit" ("id" serial PRIMARY KEY NOT NULL, "event" text NOT NULL);';
    expect(breaks('ALTER TABLE "users" DROP COLUMN "nickname";', history).map(brief)).toEqual(["column-dropped public.users.nickname @1"]);
  });

  it("reports each break once, at the statement that makes it", () => {
    const change = 'ALTER TABLE "users" ALTER COLUMN "nickname" SET NOT NULL;\nALTER TABLE "users" ALTER COLUMN "nickname" SET DATA TYPE varchar(20);\nALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(300);';
    expect(breaks(change).map(brief)).toEqual(["now-not-null public.users.nickname @1", "type-changed public.users.nickname @2"]);
  });
});
