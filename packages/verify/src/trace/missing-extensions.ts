// When an extension cannot be created here, the statements that need it fail too: a column of its type,
// an index with its access method, and then whatever depends on the objects those would have made.
// They are "not verifiable here", not broken migrations. A later error is put down to the extension
// when it is an "undefined object" error naming one of the extension's objects, or an object that a
// statement not run here would have created.
import type { AlterTableStmt, CreateExtensionStmt, CreateStmt, IndexStmt, Node, ViewStmt } from "@pgsql/types";
import type { Statement } from "@rollsafe/parser";
import type { ServerError } from "../engine/engine.js";
import { EXTENSION_OBJECTS } from "../engine/extensions.js";

/** Undefined table, column, object (type, access method, operator class) and function. */
const UNDEFINED_OBJECT = new Set(["42P01", "42703", "42704", "42883", "3F000"]);

/** `CREATE EXTENSION x` failing because the engine does not have x. */
export function isUnavailableExtension(error: ServerError): boolean {
  return /extension "[^"]+" is not available|could not open extension control file|extension "[^"]+" has no installation script/i.test(error.message) || error.code === "58P01";
}

export function extensionName(statement: Statement): string | undefined {
  if (statement.kind !== "CreateExtensionStmt") return undefined;
  return (statement.node as { CreateExtensionStmt?: CreateExtensionStmt }).CreateExtensionStmt?.extname;
}

/** Names (unqualified, as PostgreSQL prints them in errors) of what a statement creates. */
function createdNames(statement: Statement): string[] {
  const node = statement.node as Record<string, unknown>;
  switch (statement.kind) {
    case "CreateStmt":
      return [(node.CreateStmt as CreateStmt).relation?.relname ?? ""];
    case "IndexStmt":
      return [(node.IndexStmt as IndexStmt).idxname ?? ""];
    case "ViewStmt":
      return [(node.ViewStmt as ViewStmt).view?.relname ?? ""];
    case "AlterTableStmt":
      return ((node.AlterTableStmt as AlterTableStmt).cmds ?? []).flatMap((c: Node) => {
        const cmd = "AlterTableCmd" in c ? c.AlterTableCmd : undefined;
        const def = cmd?.def as { ColumnDef?: { colname?: string }; Constraint?: { conname?: string } } | undefined;
        return [def?.ColumnDef?.colname ?? "", def?.Constraint?.conname ?? ""];
      });
    default:
      return [];
  }
}

export class MissingExtensions {
  /** Object name (lower case) -> the extension it comes from (directly or through a statement not run). */
  private readonly names = new Map<string, string>();
  readonly extensions: string[] = [];

  add(extension: string): void {
    if (this.extensions.includes(extension)) return;
    this.extensions.push(extension);
    this.names.set(extension.toLowerCase(), extension);
    for (const name of EXTENSION_OBJECTS[extension] ?? []) this.names.set(name.toLowerCase(), extension);
  }

  /** A statement skipped because of `extension`: what it would have created depends on the extension too. */
  skipped(statement: Statement, extension: string): void {
    for (const name of createdNames(statement)) if (name) this.names.set(name.toLowerCase(), extension);
  }

  /** The missing extension an error is down to, if any. */
  blame(error: ServerError): string | undefined {
    if (this.extensions.length === 0 || !UNDEFINED_OBJECT.has(error.code ?? "")) return undefined;
    for (const match of error.message.matchAll(/"([^"]+)"|(\S+) does not exist/g)) {
      const quoted = (match[1] ?? match[2] ?? "").toLowerCase();
      const bare = quoted.includes(".") ? quoted.slice(quoted.lastIndexOf(".") + 1) : quoted;
      const found = this.names.get(quoted) ?? this.names.get(bare) ?? [...this.names].find(([name]) => name.endsWith("_") && bare.startsWith(name))?.[1];
      if (found) return found;
    }
    return undefined;
  }
}

export function advice(extension: string, engine: "pglite" | "postgres"): string {
  return engine === "pglite"
    ? `PGlite has no "${extension}" extension: verify on a server that has it with --database-url`
    : `the server has no "${extension}" extension: install it there, or verify on one that has it`;
}
