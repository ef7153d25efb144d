// The previous release's code schema for the report's code evidence: the Drizzle schema files that
// `rollsafe compat` reads (drizzle.config's `schema`, read at the ref), else the Prisma schema at the
// ref. Undefined when neither is there or readable: the SQL alone then decides, as before.
import { realpathSync } from "node:fs";
import { join, relative } from "node:path";
import { prismaSchemaAtRef, type CodeColumn, type CodeSchema, type CodeSchemaLookup } from "@rollsafe/core";
import { findDrizzleConfig } from "../config/find-config.js";
import { readDrizzleConfig } from "../config/read-config.js";
import { extractDrizzleSchema } from "../extract/extract-schema.js";
import type { DrizzleColumn, DrizzleSchema } from "../schema/types.js";
import { schemaAtBase } from "./schema-at-ref.js";

export async function previousCodeSchema(lookup: CodeSchemaLookup): Promise<CodeSchema | undefined> {
  return (await drizzleCodeSchema(lookup)) ?? prismaCodeSchema(lookup);
}

async function drizzleCodeSchema(lookup: CodeSchemaLookup): Promise<CodeSchema | undefined> {
  const path = findDrizzleConfig(lookup.cwd);
  if (!path) return undefined;
  // A config the report cannot read statically gives no evidence; it does not stop the report.
  let config;
  try {
    config = readDrizzleConfig(path, lookup.cwd);
  } catch {
    return undefined;
  }
  if (config.unreadable.has("schema") || config.unreadable.has("casing") || config.schema.length === 0) return undefined;
  const files = await schemaAtBase(lookup.root, lookup.cwd, lookup.commit, config.schema, join(lookup.scratch, "code-schema"));
  if (files.sources.length === 0) return undefined;
  const { schema } = extractDrizzleSchema(files.sources, { display: files.display, ...(config.casing ? { casing: config.casing } : {}) });
  if (schema.tables.length === 0) return undefined;
  return { ref: lookup.ref, files: files.sources.map((s) => files.display(s.path)), ...fromDrizzle(schema) };
}

function prismaCodeSchema(lookup: CodeSchemaLookup): CodeSchema | undefined {
  const rel = relative(lookup.root, realpathSync(lookup.cwd)).split("\\").join("/");
  return prismaSchemaAtRef(lookup.root, lookup.commit, lookup.ref, rel === "" ? "." : rel, lookup.cwd);
}

/** `public.users` is `users`, as the findings name tables. */
function shown(schema: string, name: string): string {
  return !schema || schema === "public" ? name : `${schema}.${name}`;
}

function fromDrizzle(schema: DrizzleSchema): Pick<CodeSchema, "tables" | "enums"> {
  const enums: Record<string, string[]> = {};
  for (const e of schema.enums) enums[shown(e.schema, e.name)] = [...e.values];
  const tables: Record<string, CodeColumn[]> = {};
  for (const t of schema.tables) {
    tables[shown(t.schema, t.name)] = t.columns.map((c) => {
      const enumName = c.type !== undefined ? shown(c.typeSchema ?? "public", c.type) : undefined;
      return { name: c.name, writes: writes(c), ...(enumName && Object.hasOwn(enums, enumName) ? { enum: enumName } : {}) };
    });
  }
  return { tables, enums };
}

/** Drizzle's insert type requires a NOT NULL column without a database default; `$defaultFn` fills one in. */
function writes(c: DrizzleColumn): boolean {
  if (c.appDefault) return true;
  return c.notNull && c.default === undefined && !c.identity && !c.generated;
}
