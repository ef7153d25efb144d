// Layer 3: the pure diff of two neutral schemas (usually the latest drizzle-kit snapshot and the schema
// file): what the next `drizzle-kit generate` will do, and which part of it breaks the previous release,
// locks a table or loses data, with the expand/contract way instead. Types are compared in PostgreSQL's
// spelling (core's typeChangeVerdict) once the parser is loaded; before that, as written.
import { isParserLoaded } from "@rollsafe/parser";
import { sameColumnType, typeChangeVerdict, type TypeChangeVerdict } from "@rollsafe/core";
import { columnTypeFromSql, typeSpelling } from "../schema/sql-type.js";
import { tableKey, type DrizzleColumn, type DrizzleEnum, type DrizzleSchema, type DrizzleTable } from "../schema/types.js";
import { ADVICE } from "./advice.js";
import type { Danger, DrizzleChange, DrizzleSchemaDiff } from "./types.js";

export function diffDrizzleSchemas(before: DrizzleSchema, after: DrizzleSchema): DrizzleSchemaDiff {
  const changes: DrizzleChange[] = [];
  const renamePrompts: DrizzleSchemaDiff["renamePrompts"] = [];
  const old = new Map(before.tables.map((t) => [tableKey(t), t]));
  const next = new Map(after.tables.map((t) => [tableKey(t), t]));
  changes.push(...enumChanges(before.enums, after.enums));
  const created = [...next.keys()].filter((k) => !old.has(k));
  for (const [key, table] of next) {
    const previous = old.get(key);
    if (!previous) {
      changes.push({ kind: "create-table", table: key, summary: `create table ${show(key)} (${table.columns.length} column(s))`, dangers: [], ...at(undefined, table) });
      continue;
    }
    changes.push(...tableChanges(key, previous, table, renamePrompts));
  }
  for (const [key, table] of old) {
    if (next.has(key)) continue;
    const maybeRenamed = created.length > 0 ? ` (drizzle-kit generate will ask whether ${created.map(show).join(" or ")} is ${show(key)} renamed)` : "";
    changes.push({
      kind: "drop-table",
      table: key,
      summary: `drop table ${show(key)}${maybeRenamed}`,
      dangers: [
        { rule: "dropping-table", category: "breaking", reason: `the previous release still reads and writes ${show(key)}` },
        { rule: "dropping-table", category: "data-loss", reason: `every row of ${show(key)} is gone` },
      ],
      advice: ADVICE.dropTable(show(key)),
      ...at(table, undefined),
    });
  }
  return { changes, renamePrompts };
}

function tableChanges(key: string, before: DrizzleTable, after: DrizzleTable, renamePrompts: DrizzleSchemaDiff["renamePrompts"]): DrizzleChange[] {
  const changes: DrizzleChange[] = [];
  const t = show(key);
  const oldColumns = new Map(before.columns.map((c) => [c.name, c]));
  const newColumns = new Map(after.columns.map((c) => [c.name, c]));
  const dropped = before.columns.filter((c) => !newColumns.has(c.name));
  const added = after.columns.filter((c) => !oldColumns.has(c.name));
  if (dropped.length > 0 && added.length > 0) renamePrompts.push({ table: key, dropped: dropped.map((c) => c.name), added: added.map((c) => c.name) });
  for (const column of added) changes.push(addColumn(key, column));
  for (const column of dropped) {
    // drizzle-kit will prompt "created or renamed?"; answering "created" writes DROP + ADD.
    const twin = added.find((a) => a.type === column.type) ?? added[0];
    const c = `${t}.${quote(column.name)}`;
    changes.push({
      kind: "drop-column",
      table: key,
      column: column.name,
      summary: `drop column ${quote(column.name)} of ${t}${twin ? ` (drizzle-kit generate will ask whether it is renamed to ${quote(twin.name)})` : ""}`,
      dangers: [
        { rule: "dropping-column", category: "breaking", reason: `the previous release still selects or inserts ${c}` },
        { rule: "dropping-column", category: "data-loss", reason: `the data of ${c} is gone` },
      ],
      advice: twin ? ADVICE.rename(t, quote(column.name), quote(twin.name)) : ADVICE.dropColumn(t, quote(column.name)),
      ...at(column, undefined),
    });
  }
  const compositeBefore = new Set(before.primaryKey?.columns ?? []);
  const compositeAfter = new Set(after.primaryKey?.columns ?? []);
  for (const column of after.columns) {
    const previous = oldColumns.get(column.name);
    if (previous) changes.push(...columnChanges(key, previous, column, compositeBefore.has(column.name), compositeAfter.has(column.name)));
  }
  changes.push(...uniqueChanges(key, before, after), ...indexChanges(key, before, after));
  return changes;
}

function addColumn(key: string, column: DrizzleColumn): DrizzleChange {
  const t = show(key);
  const required = column.notNull && column.default === undefined && !column.identity && !column.generated && !isSerial(column.type);
  const dangers: Danger[] = [];
  let advice: string | undefined;
  if (required) {
    dangers.push({ rule: "adding-required-column", category: "breaking", reason: `${quote(column.name)} is NOT NULL without a default: the previous release's inserts into ${t} leave it out and fail${column.appDefault ? " (its $defaultFn only runs in the new release's code)" : ""}, and the ALTER fails at once if ${t} has rows` });
    advice = ADVICE.requiredColumn(t, quote(column.name));
  }
  if (column.unique || column.primaryKey) {
    dangers.push({ rule: "adding-unique-constraint", category: "locking", reason: `the unique index on ${quote(column.name)} is built while ${t} is locked` });
  }
  return { kind: "add-column", table: key, column: column.name, summary: `add column ${quote(column.name)} ${column.type ?? "(type unknown)"}${column.notNull ? " NOT NULL" : ""}${column.default !== undefined ? ` DEFAULT ${column.default}` : ""} to ${t}`, dangers, ...(advice ? { advice } : {}), ...at(undefined, column) };
}

function columnChanges(key: string, before: DrizzleColumn, after: DrizzleColumn, inKeyBefore: boolean, inKeyAfter: boolean): DrizzleChange[] {
  const changes: DrizzleChange[] = [];
  const t = show(key);
  const name = quote(after.name);
  const where = at(before, after);
  const verdict = typeVerdict(before, after);
  if (verdict && !verdict.same) {
    const dangers: Danger[] = verdict.compatible
      ? []
      : [
          { rule: "changing-column-type", category: "breaking", reason: `${verdict.reason}: the previous release reads and writes ${name} as ${before.type}` },
          { rule: "changing-column-type", category: "locking", reason: `PostgreSQL rewrites ${t} (and its indexes) under an ACCESS EXCLUSIVE lock` },
        ];
    changes.push({ kind: "alter-type", table: key, column: after.name, summary: `change the type of ${t}.${name} from ${before.type} to ${after.type}${verdict.compatible ? ` (compatible: ${verdict.reason})` : ""}`, dangers, ...(verdict.compatible ? {} : { advice: ADVICE.alterType(t, name) }), ...where });
  }
  const wasNotNull = effectiveNotNull(before, inKeyBefore);
  const isNotNull = effectiveNotNull(after, inKeyAfter);
  if (!wasNotNull && isNotNull) {
    changes.push({
      kind: "set-not-null",
      table: key,
      column: after.name,
      summary: `set ${t}.${name} NOT NULL`,
      dangers: [
        { rule: "setting-not-null", category: "breaking", reason: `the previous release may write NULL into ${name}` },
        { rule: "setting-not-null-scan", category: "locking", reason: `PostgreSQL scans ${t} under an ACCESS EXCLUSIVE lock to check for NULLs` },
      ],
      advice: ADVICE.setNotNull(t, name),
      ...where,
    });
  } else if (wasNotNull && !isNotNull) {
    changes.push({ kind: "drop-not-null", table: key, column: after.name, summary: `drop NOT NULL from ${t}.${name}`, dangers: [{ rule: "dropping-not-null", category: "breaking", reason: `the new release may write NULLs the previous release does not expect when it reads ${name}` }], advice: ADVICE.dropNotNull(t, name), ...where });
  }
  const oldDefault = normalizeDefault(before.default);
  const newDefault = normalizeDefault(after.default);
  if (oldDefault !== newDefault) {
    if (newDefault === undefined) {
      const dangers: Danger[] = isNotNull ? [{ rule: "dropping-default", category: "breaking", reason: `the previous release's inserts that leave ${name} out fail (it is NOT NULL)` }] : [];
      changes.push({ kind: "drop-default", table: key, column: after.name, summary: `drop the default of ${t}.${name}`, dangers, ...(isNotNull ? { advice: ADVICE.dropDefault(t, name) } : {}), ...where });
    } else {
      changes.push({ kind: "set-default", table: key, column: after.name, summary: `set the default of ${t}.${name} to ${after.default}`, dangers: [], ...where });
    }
  }
  const oldRef = before.references;
  const newRef = after.references;
  if (newRef && (!oldRef || oldRef.table !== newRef.table || oldRef.column !== newRef.column)) {
    changes.push({
      kind: "add-foreign-key",
      table: key,
      column: after.name,
      summary: `add a foreign key from ${t}.${name} to ${show(newRef.table)}.${quote(newRef.column)}`,
      dangers: [
        { rule: "adding-foreign-key", category: "breaking", reason: `the previous release's writes of ${name} values without a parent fail` },
        { rule: "constraint-missing-not-valid", category: "locking", reason: `drizzle-kit adds it without NOT VALID: both tables are locked while every row is checked` },
      ],
      advice: ADVICE.addForeignKey(t, name),
      ...where,
    });
  } else if (oldRef && !newRef) {
    changes.push({ kind: "drop-foreign-key", table: key, column: after.name, summary: `drop the foreign key of ${t}.${name}`, dangers: [], ...where });
  }
  return changes;
}

/** Unique column sets of a table, however declared: `.unique()`, `unique().on(...)`, `uniqueIndex().on(...)`. */
function uniqueSets(table: DrizzleTable): Map<string, DrizzleChange["after"]> {
  const sets = new Map<string, DrizzleChange["after"]>();
  for (const c of table.columns) if (c.unique) sets.set(c.name, c.location);
  for (const u of table.uniques) sets.set(u.columns.join(","), u.location);
  for (const i of table.indexes) if (i.unique && i.columns.length > 0) sets.set(i.columns.join(","), i.location);
  return sets;
}

function uniqueChanges(key: string, before: DrizzleTable, after: DrizzleTable): DrizzleChange[] {
  const changes: DrizzleChange[] = [];
  const t = show(key);
  const old = uniqueSets(before);
  const next = uniqueSets(after);
  const newColumns = new Set(after.columns.filter((c) => !before.columns.some((b) => b.name === c.name)).map((c) => c.name));
  for (const [columns, location] of next) {
    if (old.has(columns)) continue;
    // A unique column added in the same change is part of add-column.
    if (!columns.includes(",") && newColumns.has(columns)) continue;
    const cols = columns.split(",").map(quote).join(", ");
    changes.push({
      kind: "add-unique",
      table: key,
      column: columns,
      summary: `add a unique constraint on ${t} (${cols})`,
      dangers: [
        { rule: "adding-unique-constraint", category: "breaking", reason: `the previous release's writes of duplicate (${cols}) fail, and the migration fails if duplicates exist` },
        { rule: "adding-unique-constraint", category: "locking", reason: `the unique index is built while ${t} is locked against writes` },
      ],
      advice: ADVICE.addUnique(t, cols),
      ...(location ? { after: location } : {}),
    });
  }
  for (const [columns, location] of old) {
    if (!next.has(columns) && after.columns.some((c) => columns.split(",").includes(c.name))) {
      changes.push({ kind: "drop-unique", table: key, column: columns, summary: `drop the unique constraint on ${t} (${columns.split(",").map(quote).join(", ")})`, dangers: [], ...(location ? { before: location } : {}) });
    }
  }
  return changes;
}

function indexChanges(key: string, before: DrizzleTable, after: DrizzleTable): DrizzleChange[] {
  const id = (i: DrizzleTable["indexes"][number]) => i.name ?? i.columns.join(",");
  const old = new Set(before.indexes.filter((i) => !i.unique).map(id));
  const next = new Set(after.indexes.filter((i) => !i.unique).map(id));
  const t = show(key);
  const changes: DrizzleChange[] = [];
  for (const index of after.indexes.filter((i) => !i.unique && !old.has(id(i)))) {
    changes.push({ kind: "add-index", table: key, summary: `create index ${index.name ? quote(index.name) : ""} on ${t} (${index.columns.map(quote).join(", ")})`, dangers: [{ rule: "require-concurrent-index-creation", category: "locking", reason: `CREATE INDEX blocks writes to ${t} while it builds` }], advice: ADVICE.addIndex(t), ...(index.location ? { after: index.location } : {}) });
  }
  for (const index of before.indexes.filter((i) => !i.unique && !next.has(id(i)))) {
    changes.push({ kind: "drop-index", table: key, summary: `drop index ${index.name ? quote(index.name) : `on ${t}`}`, dangers: [], ...(index.location ? { before: index.location } : {}) });
  }
  return changes;
}

function enumChanges(before: DrizzleEnum[], after: DrizzleEnum[]): DrizzleChange[] {
  const key = (e: DrizzleEnum) => `${e.schema || "public"}.${e.name}`;
  const old = new Map(before.map((e) => [key(e), e]));
  const next = new Map(after.map((e) => [key(e), e]));
  const changes: DrizzleChange[] = [];
  for (const [k, e] of next) {
    const previous = old.get(k);
    if (!previous) {
      changes.push({ kind: "create-enum", enum: k, summary: `create enum ${show(k)} (${e.values.join(", ")})`, dangers: [], ...(e.location ? { after: e.location } : {}) });
      continue;
    }
    for (const value of e.values.filter((v) => !previous.values.includes(v))) changes.push({ kind: "add-enum-value", enum: k, summary: `add value '${value}' to enum ${show(k)}`, dangers: [], ...(e.location ? { after: e.location } : {}) });
    const removed = previous.values.filter((v) => !e.values.includes(v));
    if (removed.length > 0) {
      changes.push({
        kind: "drop-enum-value",
        enum: k,
        summary: `remove value(s) ${removed.map((v) => `'${v}'`).join(", ")} from enum ${show(k)} (drizzle-kit recreates the type)`,
        dangers: [{ rule: "dropping-enum-value", category: "breaking", reason: `the previous release's writes of ${removed.map((v) => `'${v}'`).join(", ")} fail, and so does the migration if rows hold them` }],
        advice: ADVICE.dropEnumValue(show(k)),
        ...(e.location ? { after: e.location } : {}),
      });
    }
  }
  for (const [k, e] of old) {
    if (!next.has(k)) changes.push({ kind: "drop-enum", enum: k, summary: `drop enum ${show(k)}`, dangers: [], ...(e.location ? { before: e.location } : {}) });
  }
  return changes;
}

/** Same type, compatible change, or not; undefined when a side's type is unknown. */
function typeVerdict(before: DrizzleColumn, after: DrizzleColumn): (TypeChangeVerdict & { same: boolean }) | undefined {
  if (before.type === undefined || after.type === undefined) return undefined;
  if (isParserLoaded()) {
    const from = columnTypeFromSql(typeSpelling(before.type, before.typeSchema));
    const to = columnTypeFromSql(typeSpelling(after.type, after.typeSchema));
    if (from && to) return sameColumnType(from, to) ? { same: true, compatible: true, reason: "the type does not change" } : { same: false, ...typeChangeVerdict(from, to) };
  }
  const same = normalizeType(before) === normalizeType(after);
  return { same, compatible: same, reason: same ? "the type does not change" : `${before.type} and ${after.type} are stored differently` };
}

function normalizeType(column: DrizzleColumn): string {
  return `${column.typeSchema && column.typeSchema !== "public" ? `${column.typeSchema}.` : ""}${column.type!.replace(/\s+/g, " ").trim().toLowerCase()}`;
}

function effectiveNotNull(column: DrizzleColumn, inCompositeKey: boolean): boolean {
  return column.notNull || column.primaryKey || !!column.identity || inCompositeKey;
}

function normalizeDefault(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replace(/\s+/g, " ").trim().toLowerCase();
}

function isSerial(type: string | undefined): boolean {
  return type !== undefined && /^(small|big)?serial$/.test(type);
}

function at(before: { location?: DrizzleChange["before"] } | undefined, after: { location?: DrizzleChange["after"] } | undefined): Pick<DrizzleChange, "before" | "after"> {
  return { ...(before?.location ? { before: before.location } : {}), ...(after?.location ? { after: after.location } : {}) };
}

function quote(name: string): string {
  return `"${name}"`;
}

/** `public.users` -> `"users"`, `auth.users` -> `"auth"."users"`. */
function show(key: string): string {
  const dot = key.indexOf(".");
  const schema = key.slice(0, dot);
  return schema === "public" ? quote(key.slice(dot + 1)) : `${quote(schema)}.${quote(key.slice(dot + 1))}`;
}
