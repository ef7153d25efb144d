// The code evidence's per-finding decision (core's codeEvidence) on the findings the real rules make,
// and the Prisma schema reader: what clears a break (the old schema no longer declares it, an enum value
// it no longer has, a NOT NULL column it already writes), and what never does (a CASCADE drop, a table
// the schema does not mention, an empty schema).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assessRelease, codeEvidence, lintMigrationSets, readPrismaSchema, type CodeSchema, type Finding } from "@rollsafe/core";
import { loadParser, readMigrationSets } from "@rollsafe/parser";
import { ALL_RULES } from "@rollsafe/rules";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => loadParser());

const INIT = `CREATE TABLE users (id bigint PRIMARY KEY, name text, nick text, role text);
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE TABLE posts (id bigint PRIMARY KEY, mood mood);
CREATE TABLE logs (id bigint PRIMARY KEY);`;

/** The findings on `change`, linted after INIT, and the sets for assessRelease. */
function lint(change: string) {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-code-evidence-"));
  writeFileSync(join(dir, "001_init.sql"), INIT);
  writeFileSync(join(dir, "002_change.sql"), change);
  const { sets } = readMigrationSets([dir], { cwd: dir });
  const findings = lintMigrationSets(sets, { rules: ALL_RULES }).findings.filter((f) => f.path.endsWith("002_change.sql"));
  return { sets, findings, checked: sets[0]!.migrations.slice(1) };
}

const schema = (tables: CodeSchema["tables"], enums: CodeSchema["enums"] = {}): CodeSchema => ({ ref: "v1", files: ["src/schema.ts"], tables, enums });
const col = (name: string, writes = false, enumName?: string) => ({ name, writes, ...(enumName ? { enum: enumName } : {}) });
const judged = (findings: Finding[], s: CodeSchema) => codeEvidence(findings, s).map((e) => [e.finding.ruleId, e.cleared, e.because]);

describe("codeEvidence", () => {
  it("clears a dropped column the old schema no longer declares, and keeps one it still declares", () => {
    const { findings } = lint("ALTER TABLE users DROP COLUMN name;\nALTER TABLE users DROP COLUMN nick;");
    expect(judged(findings, schema({ users: [col("id"), col("nick")] }))).toEqual([
      ["dropping-column", true, "v1's src/schema.ts no longer declares users.name"],
      ["dropping-column", false, "v1's src/schema.ts still declares users.nick: the previous code uses it"],
    ]);
  });

  it("says nothing of a table the schema never mentions (the ORM may not manage it), nor with an empty schema", () => {
    const { findings } = lint("ALTER TABLE users DROP COLUMN name;");
    expect(judged(findings, schema({ posts: [col("id")] }))).toEqual([]);
    expect(judged(findings, schema({}))).toEqual([]);
  });

  it("clears a dropped table the old schema no longer declares, but never a DROP TABLE ... CASCADE (dependent views)", () => {
    expect(judged(lint("DROP TABLE logs;").findings, schema({ users: [col("id")] }))).toEqual([["dropping-table", true, "v1's src/schema.ts no longer declares table logs"]]);
    const cascade = judged(lint("DROP TABLE logs CASCADE;").findings, schema({ users: [col("id")] }));
    expect(cascade).toHaveLength(1);
    expect(cascade[0]![1]).toBe(false);
    expect(cascade[0]![2]).toContain("CASCADE");
  });

  it("clears renames of columns and tables the old schema no longer uses under the old name", () => {
    const { findings } = lint("ALTER TABLE users RENAME COLUMN nick TO handle;\nALTER TABLE logs RENAME TO audit_logs;");
    expect(judged(findings, schema({ users: [col("id"), col("handle")], audit_logs: [col("id")] }))).toEqual([
      ["renaming-column", true, "v1's src/schema.ts no longer declares users.nick"],
      ["renaming-table", true, "v1's src/schema.ts no longer declares table logs"],
    ]);
  });

  it("clears NOT NULL on a column the old code always writes, not on one it may leave out", () => {
    const { findings } = lint("ALTER TABLE users ALTER COLUMN name SET NOT NULL;\nALTER TABLE users ALTER COLUMN nick SET NOT NULL;");
    const found = judged(findings, schema({ users: [col("name", true), col("nick", false)] }));
    expect(found.map(([, cleared]) => cleared)).toEqual([true, false]);
    expect(found[0]![2]).toBe("v1's src/schema.ts declares users.name required: the previous code already writes it on every insert");
  });

  it("the assessment follows it: the path, the score (the data loss still costs) and the evidence entry", () => {
    const { sets, findings, checked } = lint("ALTER TABLE users DROP COLUMN name;");
    const without = assessRelease({ sets, checked, findings });
    const withCode = assessRelease({ sets, checked, findings, codeSchema: schema({ users: [col("id")] }) });
    expect(without.decision.path).toBe("roll-forward");
    expect(withCode.decision.path).toBe("schema-compatible-rollback");
    expect(withCode.decision.verdict).toBe(true);
    expect(withCode.decision.reason).toContain("only a backup or PITR brings it back");
    const drop = (a: typeof without) => a.score.deductions.find((d) => d.finding.ruleId === "dropping-column")!;
    expect([drop(without).points, drop(withCode).points]).toEqual([30, 30]);
    expect(drop(withCode).reason).toBe("data-loss error (not a rollback break: v1's src/schema.ts no longer declares users.name)");
    expect(withCode.evidence.find((e) => e.source === "previous schema file")?.used).toBe(true);
    expect(withCode.compatibility.rollbackSafe).toBe(true);
  });
});

describe("readPrismaSchema", () => {
  it("reads models, @map/@@map/@@schema names, enums with mapped values, and leaves relation fields out", () => {
    const parsed = readPrismaSchema([
      [
        "/// A user",
        "model User {",
        '  id        String   @id @default(cuid())',
        '  email     String   @unique @map("email_address") // login',
        "  nickname  String?",
        "  role      Role     @default(USER)",
        "  createdAt DateTime @default(now())",
        "  updatedAt DateTime @updatedAt",
        "  posts     Post[]",
        '  @@map("users")',
        "}",
        "model Post {",
        "  id       Int  @id @default(autoincrement())",
        "  author   User @relation(fields: [authorId], references: [id])",
        "  authorId String",
        '  @@schema("blog")',
        "}",
        "enum Role {",
        "  USER",
        '  ADMIN @map("admin")',
        "}",
      ].join("\n"),
    ]);
    expect(parsed.tables).toEqual({
      users: [
        { name: "id", writes: true },
        { name: "email_address", writes: true },
        { name: "nickname", writes: false },
        { name: "role", writes: false, enum: "Role" },
        { name: "createdAt", writes: false },
        { name: "updatedAt", writes: true },
      ],
      "blog.Post": [
        { name: "id", writes: false },
        { name: "authorId", writes: true },
      ],
    });
    expect(parsed.enums).toEqual({ Role: ["USER", "admin"] });
  });
});
