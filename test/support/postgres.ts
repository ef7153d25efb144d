// A fresh, uniquely named database per test on the local PostgreSQL (other engineers use the same
// server at the same time), dropped afterwards. Where no server answers, the tests that need one are
// skipped and say so; under CI=true a missing server is a failure, not a skip.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server's maintenance connection (trust auth, user postgres, database test). */
export const PG_ADMIN_URL = process.env.ROLLSAFE_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

function serverAnswers(): boolean {
  const probe = `const pg=require("pg");const c=new pg.Client({connectionString:${JSON.stringify(PG_ADMIN_URL)},connectionTimeoutMillis:3000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));`;
  return spawnSync(process.execPath, ["-e", probe], { timeout: 10_000 }).status === 0;
}

export const RUN_POSTGRES_TESTS = serverAnswers() || !!process.env.CI;
if (!RUN_POSTGRES_TESTS) console.warn(`note: no PostgreSQL answers at ${PG_ADMIN_URL}; the tests that need one are skipped`);

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL (several statements allowed) as the postgres user in the test database. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(): Promise<TestDatabase> {
  const name = `rollsafe_preflight_${process.pid}_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async sql(text, values) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return await client.query(text, values);
      } finally {
        await client.end();
      }
    },
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
