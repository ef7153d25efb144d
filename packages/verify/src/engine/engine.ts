// The one small interface both engines implement: PGlite in the process, or a temporary database on
// a PostgreSQL server. Everything else in verify speaks only this.

export type EngineKind = "pglite" | "postgres";

export interface Engine {
  readonly kind: EngineKind;
  /** `18.7`, `15.20`: what `SHOW server_version` says, without the distribution suffix. */
  readonly serverVersion: string;
  /** `server_version_num` (180007): for version-dependent behaviour. */
  readonly versionNum: number;
  /** Runs one statement (or a file's control statement) with the simple query protocol. */
  exec(sql: string): Promise<void>;
  /** Runs a query of verify's own and returns its rows. */
  query<Row>(sql: string): Promise<Row[]>;
  /**
   * Runs several statements in one round trip (the simple query protocol) and returns each one's rows,
   * in order. The first failure throws a ServerError; the statements after it do not run.
   */
  batch<Row>(sql: string): Promise<Row[][]>;
  /** Releases everything the engine holds; a temporary database is dropped. Safe to call twice. */
  close(): Promise<void>;
}

/** An error the server reported for a statement, the same shape for both engines. */
export class ServerError extends Error {
  constructor(
    message: string,
    /** SQLSTATE, e.g. `42P01`. */
    readonly code: string | undefined,
    /** 1-based character position in the statement text, when the server gives one. */
    readonly position: number | undefined,
  ) {
    super(message);
  }
}

/** Turns what either client throws into a ServerError (anything else is rethrown as is). */
export function toServerError(error: unknown): ServerError {
  if (error instanceof ServerError) return error;
  const e = error as { message?: unknown; code?: unknown; position?: unknown; severity?: unknown };
  if (typeof e?.message !== "string" || (typeof e.code !== "string" && typeof e.severity !== "string")) throw error;
  const position = e.position === undefined || e.position === null || e.position === "" ? undefined : Number(e.position);
  return new ServerError(e.message, typeof e.code === "string" ? e.code : undefined, Number.isFinite(position) ? position : undefined);
}

/** `PostgreSQL 15.20 (Debian 15.20-0+deb12u1)` -> `15.20`. */
export function shortVersion(serverVersion: string): string {
  return /^\d+(\.\d+)?/.exec(serverVersion.trim())?.[0] ?? serverVersion.trim();
}
