// Idempotent DO blocks: the one statement drizzle-kit's wrapper (or a pg_constraint guard) runs is
// found, parsed and located in the file; any other DO block stays procedural code.
import { loadParser, parseSqlText, type Statement } from "@rollsafe/parser";
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => loadParser());

function guarded(text: string): Statement | undefined {
  const [statement] = parseSqlText(text).statements;
  return statement?.guarded;
}

const FK = `ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action`;

describe("guarded statements", () => {
  const wrapped: [string, string][] = [
    ["drizzle-kit's wrapper, on several lines", `DO $$ BEGIN\n ${FK};\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n`],
    ["drizzle-kit's wrapper, on one line, other case", `do $$ begin ${FK}; exception when duplicate_object then NULL; end $$;`],
    ["a tagged dollar quote and LANGUAGE plpgsql", `DO LANGUAGE plpgsql $body$ BEGIN\n  ${FK};\nEXCEPTION WHEN duplicate_object THEN null; END $body$;`],
    ["a pg_constraint guard", `DO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'posts_author_id_users_id_fk') THEN\n    ${FK};\n  END IF;\nEND $$;`],
  ];
  it.each(wrapped)("%s: the statement it runs, where it stands in the file", (_, text) => {
    const inner = guarded(text)!;
    expect(inner.kind).toBe("AlterTableStmt");
    expect(inner.text).toBe(FK);
    expect(text.slice(inner.range.start.offset, inner.range.end.offset)).toBe(FK);
    expect(inner.range.start.line).toBe(text.slice(0, text.indexOf(FK)).split("\n").length);
  });

  it("keeps the DO statement's index and comments, so a directive above the block applies to it", () => {
    const file = parseSqlText(`SELECT 1;\n-- compat: breaking (reason: new table)\nDO $$ BEGIN\n ${FK};\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n`);
    const inner = file.statements[1]!.guarded!;
    expect(inner.index).toBe(1);
    expect(inner.leadingComments.map((c) => c.text)).toEqual(["-- compat: breaking (reason: new table)"]);
  });

  it("maps AST byte locations into the file, past non-ASCII text before the block", () => {
    const text = `-- größe: ✓\nDO $$ BEGIN\n ${FK};\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n`;
    const file = parseSqlText(text);
    const inner = file.statements[0]!.guarded!;
    const relation = (inner.node as { AlterTableStmt: { relation: { location: number } } }).AlterTableStmt.relation;
    const at = file.source.offsetOfByte(inner.byteBase + relation.location);
    expect(text.slice(at, at + 7)).toBe('"posts"');
  });

  const procedural: [string, string][] = [
    ["two statements", `DO $$ BEGIN\n ${FK};\n ${FK};\nEXCEPTION WHEN duplicate_object THEN null; END $$;`],
    ["another exception", `DO $$ BEGIN ${FK}; EXCEPTION WHEN others THEN null; END $$;`],
    ["a loop", `DO $$ DECLARE r record; BEGIN FOR r IN SELECT 1 LOOP ${FK}; END LOOP; END $$;`],
    ["a statement no guard makes idempotent", `DO $$ BEGIN DROP TABLE users; EXCEPTION WHEN duplicate_object THEN null; END $$;`],
    ["another language", `DO LANGUAGE plperl $$ BEGIN ${FK}; EXCEPTION WHEN duplicate_object THEN null; END $$;`],
    ["an inner text PostgreSQL rejects", `DO $$ BEGIN ALTER TABLE; EXCEPTION WHEN duplicate_object THEN null; END $$;`],
  ];
  it.each(procedural)("%s: none", (_, text) => {
    expect(parseSqlText(text).statements[0]?.kind).toBe("DoStmt");
    expect(guarded(text)).toBeUndefined();
  });
});
