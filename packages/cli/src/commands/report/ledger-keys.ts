// How each migration tool records an applied migration in its ledger table, computed from the files
// the way the tool computes it, so that `rollsafe preflight` can match ledger rows to migrations:
// - drizzle-kit's migrator (drizzle-orm `readMigrationFiles` + `PgDialect.migrate`): `created_at` is
//   the journal entry's `when`, `hash` the SHA-256 (hex) of the .sql file read as a UTF-8 string;
//   files the journal does not list are never applied;
// - Prisma: `migration_name` is the folder name, `checksum` the SHA-256 of migration.sql (Prisma also
//   accepts the checksum of the text with CRLF turned into LF, or LF into CRLF);
// - golang-migrate: `version`, the file name's leading number as an unsigned integer;
// - dbmate: `version`, the file name's leading digits as written.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Migration, MigrationSet } from "@rollsafe/parser";

export interface LedgerKey {
  /** What the ledger row is found by: drizzle `created_at`, Prisma `migration_name`, the `version`. */
  id: string;
  /** drizzle: the `hash` the row must hold (else the file was edited after it was applied). */
  hash?: string;
  /** Prisma: the `checksum` values that match the file. */
  checksums?: string[];
}

/** The ledger key of each migration the tool applies (absent: the tool never applies it, or it has no ledger). */
export function ledgerKeys(sets: readonly MigrationSet[], cwd: string): Map<Migration, LedgerKey> {
  const keys = new Map<Migration, LedgerKey>();
  for (const set of sets) {
    const read = (m: Migration) => readFileSync(resolve(cwd, m.path)).toString("utf8");
    switch (set.kind) {
      case "drizzle": {
        const when = journalWhen(resolve(cwd, set.root));
        for (const m of set.migrations) {
          const at = when.get(m.name);
          if (at !== undefined) keys.set(m, { id: String(at), hash: sha256(read(m)) });
        }
        break;
      }
      case "prisma":
        for (const m of set.migrations) {
          const text = read(m);
          keys.set(m, { id: m.name, checksums: [...new Set([text, text.replaceAll("\r\n", "\n"), text.replaceAll("\n", "\r\n")].map(sha256))] });
        }
        break;
      case "golang-migrate":
      case "dbmate":
        for (const m of set.migrations) {
          const digits = /^(\d+)/.exec(m.name)?.[1];
          if (digits) keys.set(m, { id: set.kind === "golang-migrate" ? BigInt(digits).toString() : digits });
        }
        break;
      case "plain":
        break;
    }
  }
  return keys;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Journal tag -> `when` (the folder's meta/_journal.json; an unreadable journal gives nothing). */
function journalWhen(dir: string): Map<string, number> {
  try {
    const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as { entries?: Array<{ tag?: unknown; when?: unknown }> };
    return new Map((journal.entries ?? []).filter((e) => typeof e.tag === "string" && typeof e.when === "number").map((e) => [e.tag as string, e.when as number]));
  } catch {
    return new Map();
  }
}
