// A real HTTP server on 127.0.0.1 for the health checks: each path answers 503 a given number of
// times and then 200 (or never recovers). It counts the requests it served.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HealthServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Requests served per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** `routes`: path -> how many 503s before the first 200 (`Infinity`: never recovers). Other paths: 404. */
export async function startHealthServer(routes: Record<string, number>): Promise<HealthServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const failures = routes[path];
    const status = failures === undefined ? 404 : n > failures ? 200 : 503;
    response.writeHead(status, { "content-type": "text/plain", connection: "close" });
    response.end(status === 200 ? "ok\n" : "unavailable\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
