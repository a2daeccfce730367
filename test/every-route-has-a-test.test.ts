import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import { createServerApp } from "../src/server/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { routesRequestedByTests } from "./support/route-requests.js";
import type { Route } from "./support/route-requests.js";
import { testSources } from "./support/test-sources.js";

/** The endpoints of the server's Hono app; `ALL` entries are middleware and catch-alls. */
async function serverRoutes(): Promise<Route[]> {
  const folder = temporaryFolder();
  const flywheel = await createFlywheel({ config: await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home") } }) });
  try {
    const app = createServerApp({ flywheel, promptsDirectory: folder, evalsDirectory: folder, allowedOrigins: [], webRoot: folder });
    return app.routes.filter((route) => route.method !== "ALL").map((route) => ({ method: route.method, path: route.path }));
  } finally {
    await flywheel.close();
  }
}

describe("the HTTP API's test coverage", () => {
  it("requests every route of the server, with its method, in some test", async () => {
    const routes = await serverRoutes();
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(["GET /api/health", "POST /v1/chat/completions", "GET /api/traces/:id"]));
    // This file's own examples below are not requests.
    const requested = routesRequestedByTests(routes, testSources().filter((source) => !import.meta.filename.endsWith(source.file)));
    const untested = routes.map((route) => `${route.method} ${route.path}`).filter((key) => !requested.has(key));
    expect(untested, "routes no test requests (name the path in a fetch, and the method on the same line)").toEqual([]);
  });

  it("matches a route's path and method on a line of a test, parameters as any one segment", () => {
    const routes: Route[] = [
      { method: "GET", path: "/api/traces" },
      { method: "GET", path: "/api/traces/:id" },
      { method: "POST", path: "/api/traces/:id/feedback" },
    ];
    const requested = (line: string) => [...routesRequestedByTests(routes, [{ file: "example.test.ts", text: line }]).keys()];
    expect(requested("await fetch(`${server.url}/api/traces?status=bogus`)")).toEqual(["GET /api/traces"]);
    expect(requested("await fetch(`${server.url}/api/traces/${traceId}`)")).toEqual(["GET /api/traces/:id"]);
    expect(requested("await fetch(`${server.url}/api/traces/${traceId}/feedback`, json({ label: \"good\" }))")).toEqual(["POST /api/traces/:id/feedback"]);
    expect(requested("await fetch(`${server.url}/api/traces/${traceId}/feedback`)")).toEqual([]);
    expect(requested("await fetch(`${server.url}/api/traces/stats/extra`, { method: \"DELETE\" })")).toEqual([]);
    expect(requested("const page = (await (await fetch(`${server.url}/x/api/traces`)).json())")).toEqual([]);
  });
});
