import { loadParser, parseSqlText } from "@rollsafe/parser";
import { beforeAll, expect, it } from "vitest";
import { columnTypeOf, formatColumnType, typeChangeVerdict, type ColumnType } from "../src/index.js";

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
  ["timestamp(3)", "timestamp(6)", true],
  ["timestamp(3)", "timestamp", true],
  ["timestamp(0)", "timestamp without time zone", true],
  ["timestamp", "timestamp(6)", true],
  ["timestamp", "timestamp(3)", false],
  ["timestamp(6)", "timestamp(3)", false],
  ["timestamptz(0)", "timestamp(3) with time zone", true],
  ["timestamptz(3)", "timestamptz(0)", false],
  ["timestamptz", "timestamp", false],
  ["time(0)", "time(3)", true],
  ["time(3)", "time(0)", false],
  ["time(2) with time zone", "timetz", true],
  ["timetz", "timetz(2)", false],
  ["interval(3)", "interval(6)", true],
  ["interval(3)", "interval", true],
  ["interval", "interval(3)", false],
  ["interval day to second(2)", "interval day to second(4)", true],
  ["interval day to second(2)", "interval(4)", false],
  ["interval(4)", "interval(2)", false],
  ["text", "citext", true],
  ["citext", "text", true],
  ["varchar", "citext", false],
])("%s -> %s compatible: %s", (from, to, compatible) => {
  expect(typeChangeVerdict(typeOf(from), typeOf(to)).compatible).toBe(compatible);
});

it("text <-> citext is compatible only when no index covers the column", () => {
  expect(typeChangeVerdict(typeOf("text"), typeOf("citext"), { indexed: true })).toMatchObject({ compatible: false, reason: expect.stringMatching(/index/) });
  expect(typeChangeVerdict(typeOf("citext"), typeOf("text"), { indexed: true }).compatible).toBe(false);
  expect(typeChangeVerdict(typeOf("text"), typeOf("citext"), { indexed: false }).compatible).toBe(true);
});

it("timestamp -> timestamptz is flagged as depending on the session time zone", () => {
  expect(typeChangeVerdict(typeOf("timestamp(3)"), typeOf("timestamptz(3)"))).toMatchObject({ compatible: false, sessionTimeZone: true });
  expect(typeChangeVerdict(typeOf("timestamp"), typeOf("timestamp with time zone")).sessionTimeZone).toBe(true);
  expect(typeChangeVerdict(typeOf("timestamptz"), typeOf("timestamp")).sessionTimeZone).toBeUndefined();
  expect(typeChangeVerdict(typeOf("timestamp(6)"), typeOf("timestamp(3)")).reason).toBe("fractional seconds are rounded from 6 to 3 digits");
});

it.each([
  ["interval", "interval"],
  ["interval(3)", "interval(3)"],
  ["interval day to second(2)", "interval day to second(2)"],
  ["interval year to month", "interval year to month"],
  ["interval hour", "interval hour"],
  ["timestamp(3) with time zone", "timestamptz(3)"],
])("formats %s as %s", (sql, shown) => {
  expect(formatColumnType(typeOf(sql))).toBe(shown);
});
