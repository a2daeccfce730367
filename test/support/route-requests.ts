import type { TestSource } from "./test-sources.js";

/** One route of the server: `GET /api/traces/:id`. */
export interface Route {
  method: string;
  path: string;
}

const methodLiteral = /"(POST|PUT|PATCH|DELETE)"/;
/** The tests' `json(body)` helper: a POST with a JSON body (not `response.json()`). */
const jsonBodyHelper = /(?<![.\w])json\(/;

/**
 * The routes that tests request, found by reading the test sources (so the answer does not
 * depend on which tests ran or in what order). A route counts when a line of a test names its
 * path (a parameter matches any one segment, `${id}` included) right after a quote, a backtick
 * or `}` (as in `${server.url}/api/...`), and the line's method is the route's: a line that
 * names "POST", "PUT", "PATCH" or "DELETE" (or calls the `json(...)` body helper, a POST)
 * requests that method, any other line a GET. Maps `GET /path` to the files that request it.
 */
export function routesRequestedByTests(routes: Route[], sources: TestSource[]): Map<string, string[]> {
  const requested = new Map<string, string[]>();
  const patterns = routes.map((route) => ({ key: `${route.method} ${route.path}`, method: route.method, path: pathPattern(route.path) }));
  for (const { file, text } of sources) {
    for (const line of text.split("\n")) {
      const method = methodLiteral.exec(line)?.[1] ?? (jsonBodyHelper.test(line) ? "POST" : "GET");
      for (const pattern of patterns) {
        if (pattern.method !== method || !pattern.path.test(line)) continue;
        requested.set(pattern.key, [...new Set([...(requested.get(pattern.key) ?? []), file])]);
      }
    }
  }
  return requested;
}

function pathPattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/\\s\"'`?]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`(?<=["'\`}])${source}(?=["'\`?#)\\s]|$)`);
}
