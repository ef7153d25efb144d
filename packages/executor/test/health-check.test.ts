// HTTP health checks against a real node:http server on 127.0.0.1.
import { afterEach, describe, expect, it } from "vitest";
import { runHealthcheck, type Attempt } from "@rollsafe/executor";
import { startHealthServer, type HealthServer } from "../../../test/support/health-server.js";

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const spec = (url: string, retries: number) => ({ url, expectedStatus: 200, timeoutMs: 2000, retries, intervalMs: 20 });

describe("runHealthcheck", () => {
  it("retries through 503s until the 200", async () => {
    server = await startHealthServer({ "/health": 3 });
    const attempts: Attempt[] = [];
    const result = await runHealthcheck(spec(`${server.base}/health`, 5), { onAttempt: (a) => attempts.push(a) });
    expect(result.ok).toBe(true);
    expect(result.attempts).toBe(4);
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 503, 200]);
    expect(server.hits.get("/health")).toBe(4);
  });

  it("fails after its retries when the service never recovers", async () => {
    server = await startHealthServer({ "/health": Infinity });
    const result = await runHealthcheck(spec(`${server.base}/health`, 2));
    expect(result).toMatchObject({ ok: false, attempts: 3, lastStatus: 503, interrupted: false });
    expect(server.hits.get("/health")).toBe(3);
  });

  it("a status other than the expected one is a failure, even a 2xx", async () => {
    server = await startHealthServer({ "/health": 0 });
    const result = await runHealthcheck({ ...spec(`${server.base}/health`, 0), expectedStatus: 204 });
    expect(result).toMatchObject({ ok: false, attempts: 1, lastStatus: 200 });
  });

  it("reports a refused connection as the error", async () => {
    server = await startHealthServer({});
    const url = `${server.base}/health`;
    await server.close();
    server = undefined;
    const result = await runHealthcheck(spec(url, 1));
    expect(result.ok).toBe(false);
    expect(result.lastError).toBe("ECONNREFUSED");
  });

  it("stops between attempts when interrupted", async () => {
    server = await startHealthServer({ "/health": Infinity });
    const controller = new AbortController();
    const result = await runHealthcheck({ ...spec(`${server.base}/health`, 100), intervalMs: 50 }, { signal: controller.signal, onAttempt: (a) => a.attempt === 2 && controller.abort() });
    expect(result).toMatchObject({ ok: false, interrupted: true, attempts: 2 });
    expect(server.hits.get("/health")).toBe(2);
  });
});
