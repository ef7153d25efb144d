// Prisma's schema language, read as far as the code evidence needs it: models (tables) with their
// scalar fields (columns), `@map`/`@@map`/`@@schema` for the SQL names, and enums with their values.
// Relation fields (a field whose type is another model) are no columns; views and composite types are
// left out. Not a validator: a block it does not understand is skipped, never guessed.
import type { CodeColumn } from "../report/code-schema.js";

export interface PrismaSchema {
  /** Tables by display name (`User`, `auth.sessions`), with their columns. */
  tables: Record<string, CodeColumn[]>;
  /** Enums by display name, with their database values. */
  enums: Record<string, string[]>;
}

interface Block {
  kind: string;
  name: string;
  lines: string[];
}

/** Defaults Prisma Client computes itself: a field with one is written on every create. */
const CLIENT_DEFAULTS = /^(cuid|uuid|nanoid|ulid)\(/;

export function readPrismaSchema(texts: readonly string[]): PrismaSchema {
  const blocks = texts.flatMap(blocksOf);
  const models = new Set(blocks.filter((b) => b.kind === "model" || b.kind === "view" || b.kind === "type").map((b) => b.name));
  const enumNames = new Map<string, string>();
  const enums: Record<string, string[]> = {};
  for (const block of blocks.filter((b) => b.kind === "enum")) {
    const name = qualified(block, block.name);
    enumNames.set(block.name, name);
    enums[name] = block.lines.filter((l) => !l.startsWith("@@")).flatMap((l) => {
      const value = /^([A-Za-z_]\w*)/.exec(l)?.[1];
      return value ? [mapped(l) ?? value] : [];
    });
  }
  const tables: Record<string, CodeColumn[]> = {};
  for (const block of blocks.filter((b) => b.kind === "model")) {
    const columns: CodeColumn[] = [];
    for (const line of block.lines) {
      const field = /^([A-Za-z_]\w*)\s+([A-Za-z_][\w.]*(?:\([^)]*\))?)(\[\])?(\?)?/.exec(line);
      if (!field || line.startsWith("@@")) continue;
      const [, name, type, list, optional] = field;
      if (models.has(type!)) continue; // a relation field: no column of its own
      const enumName = enumNames.get(type!);
      const attrs = line.slice(field[0].length);
      const defaultArg = /@default\(\s*([^\s)]+)/.exec(attrs)?.[1];
      const writes = !optional && !list && !type!.startsWith("Unsupported") && (defaultArg === undefined || CLIENT_DEFAULTS.test(defaultArg) || /@updatedAt\b/.test(attrs));
      columns.push({ name: mapped(attrs) ?? name!, writes: writes || /@updatedAt\b/.test(attrs), ...(enumName ? { enum: enumName } : {}) });
    }
    const table = block.lines.map((l) => /^@@map\(\s*(?:name:\s*)?"([^"]*)"/.exec(l)?.[1]).find((v) => v !== undefined) ?? block.name;
    tables[qualified(block, table)] = columns;
  }
  return { tables, enums };
}

/** `@map("x")` (or `@map(name: "x")`) in a field's or a value's attributes. */
function mapped(text: string): string | undefined {
  return /@map\(\s*(?:name:\s*)?"([^"]*)"/.exec(text)?.[1];
}

/** `@@schema("auth")` puts the table in that PostgreSQL schema; `public` is left out of display names. */
function qualified(block: Block, name: string): string {
  const schema = block.lines.map((l) => /^@@schema\(\s*"([^"]*)"/.exec(l)?.[1]).find((v) => v !== undefined);
  return schema && schema !== "public" ? `${schema}.${name}` : name;
}

/** The top-level blocks (`model User { ... }`), their lines trimmed, comments and blank lines dropped. */
function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let depth = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = stripComment(raw).trim();
    if (line === "") continue;
    if (!current) {
      const head = /^(model|enum|view|type|datasource|generator)\s+([A-Za-z_]\w*)\s*\{\s*$/.exec(line);
      if (head) {
        current = { kind: head[1]!, name: head[2]!, lines: [] };
        depth = 1;
      }
      continue;
    }
    depth += count(line, "{") - count(line, "}");
    if (depth <= 0) {
      blocks.push(current);
      current = undefined;
      continue;
    }
    current.lines.push(line);
  }
  return blocks;
}

/** The line without its `//` comment (one inside a string literal is kept). */
function stripComment(line: string): string {
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && inString) i++;
    else if (ch === '"') inString = !inString;
    else if (!inString && ch === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

function count(line: string, ch: string): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\" && inString) i++;
    else if (line[i] === '"') inString = !inString;
    else if (!inString && line[i] === ch) n++;
  }
  return n;
}
