// A server that accepts TCP and never answers (a stuck proxy): migrate-down and verify --database-url
// give up after the connect time limit with one line, release the lock, and the first Ctrl-C works.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connectTimeoutMs } from "@rollsafe/core";
import { pathWithNode } from "./support/fixture-log.js";
import { runCliAsync, startCli, waitFor } from "./support/run-cli-async.js";

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** Accepts connections and never says a word. */
async function silentServer(): Promise<{ port: number; connections: () => number }> {
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => undefined);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, connections: () => sockets.length };
}

function golangMigrateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rollsafe-connect-"));
  mkdirSync(join(dir, "migrations"));
  writeFileSync(join(dir, "migrations", "1_a.up.sql"), "CREATE TABLE a (id int);\n");
  writeFileSync(join(dir, "migrations", "1_a.down.sql"), "DROP TABLE a;\n");
  return dir;
}

const down = (url: string) => ["migrate-down", "--steps", "1", "--approved-by", "a", "--reason", "b", "--database-url", url, "migrations"];

describe("connect time limits", () => {
  it("reads libpq's connect_timeout from the URL, 10 s without it, 0 for none, at least 2 s", () => {
    expect(connectTimeoutMs("postgres://h/db")).toBe(10_000);
    expect(connectTimeoutMs("postgres://h/db?connect_timeout=3")).toBe(3000);
    expect(connectTimeoutMs("postgres://h/db?connect_timeout=1")).toBe(2000);
    expect(connectTimeoutMs("postgres://h/db?connect_timeout=0")).toBe(0);
    expect(connectTimeoutMs("postgres://h/db?connect_timeout=soon")).toBe(10_000);
  });

  it("migrate-down gives up on a server that never answers: exit 1, one line, the lock released, recorded", async () => {
    const { port } = await silentServer();
    const dir = golangMigrateDir();
    const result = await runCliAsync(down(`postgres://u@127.0.0.1:${port}/app?connect_timeout=2`), { cwd: dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toContain(`cannot connect to postgres://u@127.0.0.1:${port}/app?connect_timeout=2: no answer within 2 s`);
    expect(existsSync(join(dir, ".rollsafe/rollback.lock"))).toBe(false);
    const [record] = readFileSync(join(dir, ".rollsafe/audit.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { outcome: string });
    expect(record).toMatchObject({ outcome: "refused" });
  });

  it("the first Ctrl-C while migrate-down waits for the server stops it: exit 130, nothing changed, the lock released", async () => {
    const srv = await silentServer();
    const dir = golangMigrateDir();
    const cli = startCli(down(`postgres://u@127.0.0.1:${srv.port}/app?connect_timeout=0`), { cwd: dir, env: { PATH: pathWithNode() } });
    await waitFor(() => srv.connections() > 0, 15_000, "the connection attempt");
    cli.child.kill("SIGINT");
    const result = await cli.done;
    expect(result.status).toBe(130);
    expect(result.stdout + result.stderr).toContain("interrupted while connecting to postgres://u@127.0.0.1");
    expect(result.stdout + result.stderr).toContain("nothing was changed");
    expect(existsSync(join(dir, ".rollsafe/rollback.lock"))).toBe(false);
    expect(readFileSync(join(dir, ".rollsafe/audit.jsonl"), "utf8")).toContain('"outcome":"interrupted"');
  });

  it("verify --database-url gives up on a server that never answers: exit 2, one line", async () => {
    const { port } = await silentServer();
    const dir = mkdtempSync(join(tmpdir(), "rollsafe-connect-"));
    mkdirSync(join(dir, "migrations"));
    writeFileSync(join(dir, "migrations", "001_a.sql"), "CREATE TABLE a (id int);\n");
    const result = await runCliAsync(["verify", "migrations", "--database-url", `postgres://u:hunter22@127.0.0.1:${port}/app?connect_timeout=2`], { cwd: dir, env: { PATH: pathWithNode() } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^rollsafe: --database-url: .*timeout/i);
    expect(result.stderr).not.toContain("hunter22");
  });
});
