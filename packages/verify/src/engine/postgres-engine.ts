// A PostgreSQL server named by --database-url. The migrations never run on the database the URL
// names: verify creates a fresh database beside it, works only there, and drops it at the end
// (also when a statement fails or the run is interrupted).
import { randomBytes } from "node:crypto";
import type { Client } from "pg";
import { connectTimeoutMs } from "@rollsafe/core";
import { shortVersion, toServerError, type Engine } from "./engine.js";

export interface PostgresEngine extends Engine {
  readonly kind: "postgres";
  /** The temporary database's name. */
  readonly database: string;
}

/** A name no concurrent run picks: verify's prefix, the process id and random bytes. */
function temporaryName(): string {
  return `rollsafe_verify_${process.pid}_${randomBytes(6).toString("hex")}`;
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<the --database-url value>";
  }
}

export async function openPostgres(url: string): Promise<PostgresEngine> {
  const pg = (await import("pg")).default;
  // The admin connection goes to the database in the URL; it only creates and drops the temporary one.
  // A server that accepts TCP and never answers fails the connect, rather than hang the run.
  const connectionTimeoutMillis = connectTimeoutMs(url);
  const admin: Client = new pg.Client({ connectionString: url, connectionTimeoutMillis });
  // A connection the server ends (the FORCE drop ends the working one) must not crash the process.
  admin.on("error", () => undefined);
  await admin.connect();
  const database = temporaryName();
  let work: Client | undefined;
  // One drop, however many callers (Ctrl-C and the run's own cleanup): each waits for it to finish.
  let dropping: Promise<void> | undefined;
  const drop = () => (dropping ??= dropDatabase());
  const dropDatabase = async () => {
    await work?.end().catch(() => undefined);
    // FORCE (PostgreSQL 13+) ends a session still inside it, e.g. after an interrupted statement.
    const force = Number((await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? 0) >= 130000;
    await admin.query(`DROP DATABASE IF EXISTS "${database}"${force ? " WITH (FORCE)" : ""}`);
    await admin.end();
  };
  try {
    await admin.query(`CREATE DATABASE "${database}"`);
    const target = new URL(url);
    target.pathname = `/${database}`;
    work = new pg.Client({ connectionString: target.toString(), connectionTimeoutMillis });
    work.on("error", () => undefined);
    await work.connect();
    const client = work;
    const [row] = (await client.query<{ server_version: string; server_version_num: string }>("SELECT current_setting('server_version') AS server_version, current_setting('server_version_num') AS server_version_num")).rows;
    return {
      kind: "postgres",
      database,
      serverVersion: shortVersion(row?.server_version ?? ""),
      versionNum: Number(row?.server_version_num ?? 0),
      async exec(sql) {
        try {
          await client.query(sql);
        } catch (error) {
          throw toServerError(error);
        }
      },
      async query<Row>(sql: string) {
        return (await client.query(sql)).rows as Row[];
      },
      async batch<Row>(sql: string) {
        try {
          // node-postgres returns one result for a single statement, an array for several.
          const results = (await client.query(sql)) as unknown as { rows: Row[] } | { rows: Row[] }[];
          return (Array.isArray(results) ? results : [results]).map((r) => r.rows);
        } catch (error) {
          throw toServerError(error);
        }
      },
      close: drop,
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
