// A fresh, uniquely named database on the local PostgreSQL per test, dropped afterwards (other
// engineers run tests on the same server at the same time). ROLLSAFE_TEST_DATABASE_URL overrides the
// server (default: 127.0.0.1:5432, user postgres, database test). Without a server the tests that need
// one are skipped with a note, except under CI=true, where that is a failure.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const ADMIN_URL = process.env.ROLLSAFE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface ScratchDatabase {
  name: string;
  url: string;
  /** A connection to it, for setting up and checking. */
  client: pg.Client;
  drop(): Promise<void>;
}

/** Whether the server answers (checked once per test file). */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.CI) throw error;
    console.warn(`note: no PostgreSQL at ${ADMIN_URL} (${(error as Error).message}); the tests that need one are skipped`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function scratchDatabase(prefix = "rollsafe_test"): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    name,
    url: url.toString(),
    client,
    async drop() {
      await client.end().catch(() => undefined);
      const again = new pg.Client({ connectionString: ADMIN_URL });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
