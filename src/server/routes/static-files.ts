import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { MiddlewareHandler } from "hono";

/**
 * Serves the built workbench. Paths with `..`, encoded separators or backslashes never
 * reach the disk (serveStatic refuses them), and a file whose real path (symlinks
 * followed) leaves the folder is refused too. Unknown paths get index.html, so the
 * app's own routes work on reload.
 */
export function staticFiles(root: string): MiddlewareHandler {
  const realRoot = existsSync(root) ? realpathSync(root) : root;
  const files = serveStatic({
    root: realRoot,
    rewriteRequestPath: (requestPath) => {
      const candidate = path.join(realRoot, requestPath);
      if (!existsSync(candidate)) return "/index.html";
      const real = realpathSync(candidate);
      const inside = real === realRoot || real.startsWith(`${realRoot}${path.sep}`);
      return inside ? requestPath : "/__outside__";
    },
  });
  return async (context, next) => {
    if (!existsSync(realRoot)) {
      return context.html("<!doctype html><title>Flywheel</title><p>The workbench is not built. Run <code>npm run build</code>.</p>", 503);
    }
    return files(context, next);
  };
}
