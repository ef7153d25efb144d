// The one statement inside an idempotent DO block: drizzle-kit before 0.30 wrapped every foreign key
// (and enum) in `DO $$ BEGIN <statement>; EXCEPTION WHEN duplicate_object THEN null; END $$;`, and
// hand-written migrations guard a constraint with `IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE
// conname = '...') THEN <statement>; END IF;`. Either runs exactly that statement unless its object
// exists already, so the statement can be checked and replayed as if it stood alone. Any other DO block
// stays procedural code (unmodeled-statement).
import { parseRaw, SqlSyntaxError } from "./pg-wasm.js";
import type { SourceText } from "./source-text.js";
import { nodeKind, type Statement } from "./statement.js";

const WS = String.raw`\s+`;
const OPT_WS = String.raw`\s*`;

/** `BEGIN <statement>; EXCEPTION WHEN duplicate_object THEN null; END` (drizzle-kit's wrapper). */
const EXCEPTION_GUARD = new RegExp(
  String.raw`^\s*BEGIN${WS}(?<inner>[^;]+?);${OPT_WS}EXCEPTION${WS}WHEN${WS}duplicate_object${WS}THEN${WS}null${OPT_WS};${OPT_WS}END${OPT_WS};?\s*$`,
  "id",
);

/** `BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = '...') THEN <statement>; END IF; END`. */
const EXISTS_GUARD = new RegExp(
  String.raw`^\s*BEGIN${WS}IF${WS}NOT${WS}EXISTS${OPT_WS}\(${OPT_WS}SELECT${WS}1${WS}FROM${WS}(?:pg_catalog\.)?pg_constraint${WS}WHERE${WS}conname${OPT_WS}=${OPT_WS}'[^']*'${OPT_WS}\)${WS}THEN${WS}(?<inner>[^;]+?);${OPT_WS}END${WS}IF${OPT_WS};${OPT_WS}END${OPT_WS};?\s*$`,
  "id",
);

/** Statements a guard can make idempotent: DDL that fails with "already exists" when run twice. */
const GUARDABLE = new Set(["AlterTableStmt", "CreateEnumStmt", "CreateStmt", "IndexStmt", "CreateDomainStmt", "CompositeTypeStmt"]);

interface DoArgument {
  DefElem?: { defname?: string; arg?: { String?: { sval?: string } } };
}

/**
 * The statement an idempotent DO block runs, located in the file (its range and byte base point into
 * the DO block's body), or undefined when the block is anything else. It keeps the DO statement's
 * index and comments: a `-- compat:` line above the block applies to it.
 */
export function guardedStatement(statement: Statement, source: SourceText): Statement | undefined {
  if (statement.kind !== "DoStmt") return undefined;
  const args = ((statement.node as { DoStmt?: { args?: DoArgument[] } }).DoStmt?.args ?? []).map((a) => a.DefElem);
  const language = args.find((a) => a?.defname === "language")?.arg?.String?.sval;
  if (language !== undefined && language.toLowerCase() !== "plpgsql") return undefined;
  const body = args.find((a) => a?.defname === "as")?.arg?.String?.sval;
  if (body === undefined) return undefined;
  const match = EXCEPTION_GUARD.exec(body) ?? EXISTS_GUARD.exec(body);
  const span = match?.indices?.groups?.inner;
  if (!span) return undefined;
  // The body is dollar-quoted, so it stands in the statement's text as written.
  const bodyAt = statement.text.indexOf(body);
  if (bodyAt < 0) return undefined;
  const start = statement.range.start.offset + bodyAt + span[0];
  let end = statement.range.start.offset + bodyAt + span[1];
  while (end > start && /\s/.test(source.text[end - 1]!)) end--;
  return located(statement, source, start, end);
}

function located(outer: Statement, source: SourceText, start: number, end: number): Statement | undefined {
  const text = source.text.slice(start, end);
  let stmts;
  try {
    stmts = parseRaw(text).stmts ?? [];
  } catch (error) {
    if (error instanceof SqlSyntaxError) return undefined;
    throw error;
  }
  const node = stmts.length === 1 ? stmts[0]?.stmt : undefined;
  if (!node || !GUARDABLE.has(nodeKind(node))) return undefined;
  return {
    index: outer.index,
    kind: nodeKind(node),
    node,
    text,
    range: source.range(start, end),
    leadingComments: outer.leadingComments,
    trailingComments: outer.trailingComments,
    byteBase: source.byteOfOffset(start),
  };
}
