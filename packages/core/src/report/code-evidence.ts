// Code evidence, per finding: whether the previous release's code (its ORM schema at the report's
// `from` ref) can hit the break a finding reports. A column the old schema no longer declares is a
// column the old code neither reads nor writes, so dropping it cannot break a rollback to that code;
// the data it held is still gone (the finding keeps its data-loss category). Pure: no git, no files.
import type { Finding } from "../finding.js";
import { codeSchemaLabel, type CodeColumn, type CodeSchema } from "./code-schema.js";

export interface CodeEvidence {
  finding: Finding;
  /** True when the old code cannot hit the break: it no longer counts against rollback. */
  cleared: boolean;
  /** The evidence in a sentence: "v3.3.0's lib/db/schema.ts no longer declares users.lastContext". */
  because: string;
}

type Judge = (finding: Finding, schema: CodeSchema, label: string) => Omit<CodeEvidence, "finding"> | undefined;

/** The breaking findings the code schema can speak to, each judged from the finding's data. */
const JUDGES: Record<string, Judge> = {
  "dropping-column": (f, s, label) => columnGone(s, label, f.data?.table, f.data?.column),
  "renaming-column": (f, s, label) => columnGone(s, label, f.data?.table, f.data?.from),
  "renaming-table": (f, s, label) => tableGone(s, label, f.data?.from),
  "dropping-table": (f, s, label) => {
    const name = f.data?.name;
    if (f.data?.kind === "type") return name === undefined ? undefined : enumGone(s, label, name);
    const gone = tableGone(s, label, name);
    // CASCADE also drops the views that depend on the table, and the old code may read those views:
    // nothing here tells which views the old code uses, so the drop keeps blocking.
    if (gone?.cleared && f.data?.cascade) return { cleared: false, because: `${gone.because}, but the drop has CASCADE, which also drops every view that depends on it, and the previous code may still read those views` };
    return gone;
  },
  "dropping-enum-value": (f, s, label) => enumValuesGone(s, label, f),
  "renaming-enum-value": (f, s, label) => {
    const type = f.data?.type;
    const value = f.data?.from;
    if (type === undefined || value === undefined) return undefined;
    const values = s.enums[type];
    if (!values) return undefined;
    return values.includes(value)
      ? { cleared: false, because: `${label} still has value '${value}' in enum ${type}` }
      : { cleared: true, because: `${label} no longer has value '${value}' in enum ${type}` };
  },
  "setting-not-null": (f, s, label) => alreadyWritten(s, label, f.data?.table, f.data?.column),
  "adding-required-column": (f, s, label) => alreadyWritten(s, label, f.data?.table, f.data?.column),
};

/**
 * The code evidence for each breaking finding the schema can speak to (others get none: the SQL alone
 * decides them). An empty schema proves nothing (a glob that matched the wrong files), so it clears nothing.
 */
export function codeEvidence(findings: readonly Finding[], schema: CodeSchema | undefined): CodeEvidence[] {
  if (!schema || Object.keys(schema.tables).length === 0) return [];
  const label = codeSchemaLabel(schema);
  const out: CodeEvidence[] = [];
  for (const finding of findings) {
    if (finding.severity === "note" || !finding.categories.includes("breaking")) continue;
    const judged = JUDGES[finding.ruleId]?.(finding, schema, label);
    if (judged) out.push({ finding, ...judged });
  }
  return out;
}

function columnsOf(schema: CodeSchema, table: string): CodeColumn[] | undefined {
  return Object.hasOwn(schema.tables, table) ? schema.tables[table] : undefined;
}

/**
 * A column the old schema's table does not declare. The table itself must be declared: a table the
 * schema never mentions may be one the ORM does not manage (raw SQL), so nothing is known about it.
 */
function columnGone(schema: CodeSchema, label: string, table: string | undefined, column: string | undefined): Omit<CodeEvidence, "finding"> | undefined {
  if (table === undefined || column === undefined) return undefined;
  const columns = columnsOf(schema, table);
  if (!columns) return undefined;
  return columns.some((c) => c.name === column)
    ? { cleared: false, because: `${label} still declares ${table}.${column}: the previous code uses it` }
    : { cleared: true, because: `${label} no longer declares ${table}.${column}` };
}

function tableGone(schema: CodeSchema, label: string, table: string | undefined): Omit<CodeEvidence, "finding"> | undefined {
  if (table === undefined) return undefined;
  return columnsOf(schema, table)
    ? { cleared: false, because: `${label} still declares table ${table}: the previous code uses it` }
    : { cleared: true, because: `${label} no longer declares table ${table}` };
}

function enumGone(schema: CodeSchema, label: string, name: string): Omit<CodeEvidence, "finding"> {
  const usedBy = Object.entries(schema.tables).flatMap(([t, cols]) => cols.filter((c) => c.enum === name).map((c) => `${t}.${c.name}`));
  if (Object.hasOwn(schema.enums, name) || usedBy.length > 0) return { cleared: false, because: `${label} still declares enum ${name}: the previous code uses it` };
  return { cleared: true, because: `${label} no longer declares enum ${name}` };
}

/** The values a column's new enum lacks: cleared when the old code's enum for that column has none of them. */
function enumValuesGone(schema: CodeSchema, label: string, finding: Finding): Omit<CodeEvidence, "finding"> | undefined {
  const { table, column, missing } = finding.data ?? {};
  if (table === undefined || column === undefined || missing === undefined) return undefined;
  const columns = columnsOf(schema, table);
  if (!columns) return undefined;
  const declared = columns.find((c) => c.name === column);
  if (!declared) return { cleared: true, because: `${label} no longer declares ${table}.${column}` };
  const values = declared.enum ? schema.enums[declared.enum] : undefined;
  if (!values) return undefined;
  // `missing` is the message's "value 'a', 'b'": the quoted values, '' for a quote inside one.
  const lost = [...missing.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
  if (lost.length === 0) return undefined;
  const kept = lost.filter((v) => values.includes(v));
  return kept.length > 0
    ? { cleared: false, because: `${label} still has ${kept.map((v) => `'${v}'`).join(", ")} in enum ${declared.enum} of ${table}.${column}: the previous code may write ${kept.length === 1 ? "it" : "them"}` }
    : { cleared: true, because: `${label} no longer has ${lost.map((v) => `'${v}'`).join(", ")} in enum ${declared.enum} of ${table}.${column}` };
}

/** A column made NOT NULL (or added NOT NULL) that the old code declares and always writes. */
function alreadyWritten(schema: CodeSchema, label: string, table: string | undefined, column: string | undefined): Omit<CodeEvidence, "finding"> | undefined {
  if (table === undefined || column === undefined) return undefined;
  const declared = columnsOf(schema, table)?.find((c) => c.name === column);
  if (!declared) return undefined;
  return declared.writes
    ? { cleared: true, because: `${label} declares ${table}.${column} required: the previous code already writes it on every insert` }
    : { cleared: false, because: `${label} declares ${table}.${column} optional: the previous code may leave it out` };
}
