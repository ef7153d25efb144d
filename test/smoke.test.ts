import { loadParser, parseSqlText } from "@rollsafe/parser";
import { beforeAll, expect, test } from "vitest";

beforeAll(() => loadParser());

test("parses a statement", () => {
  expect(parseSqlText("SELECT 1;").statements.map((s) => s.kind)).toEqual(["SelectStmt"]);
});
