import { loadParser, parseSqlText } from "@rollsafe/parser";
import { beforeAll, expect, it } from "vitest";
import { columnTypeOf, typeChangeVerdict, type ColumnType } from "../src/index.js";

beforeAll(() => loadParser());

function typeOf(sql: string): ColumnType {
  const stmt = parseSqlText(`CREATE TABLE t (c ${sql});`).statements[0]!;
  const def = (stmt.node as { CreateStmt: { tableElts: Array<{ ColumnDef: { typeName: never } }> } }).CreateStmt.tableElts[0]!.ColumnDef;
  const type = columnTypeOf(def.typeName);
  if (!type) throw new Error(sql);
  return type;
}

it.each([
  ["varchar(20)", "varchar(50)", true],
  ["varchar(20)", "varchar(20)", true],
  ["character varying(20)", "varchar", true],
  ["varchar(50)", "varchar(20)", false],
  ["varchar", "varchar(20)", false],
  ["varchar(20)", "text", true],
  ["varchar", "text", true],
  ["text", "varchar", true],
  ["text", "varchar(255)", false],
  ["numeric(10,2)", "numeric(12,2)", true],
  ["numeric(10,2)", "numeric", true],
  ["numeric(10,2)", "numeric(12,3)", false],
  ["numeric(10,2)", "numeric(8,2)", false],
  ["numeric", "numeric(10,2)", false],
  ["decimal(10,2)", "numeric(11,2)", true],
  ["varbit(8)", "varbit(16)", true],
  ["bit varying(8)", "varbit(4)", false],
  ["cidr", "inet", true],
  ["inet", "cidr", false],
  ["int", "bigint", false],
  ["integer", "int4", true],
  ["text", "text[]", false],
  ["varchar(20)[]", "varchar(30)[]", true],
  ["timestamp", "timestamptz", false],
])("%s -> %s compatible: %s", (from, to, compatible) => {
  expect(typeChangeVerdict(typeOf(from), typeOf(to)).compatible).toBe(compatible);
});
