import type { MiddlewareHandler } from "hono";
import { FlywheelError } from "../../errors/index.js";
import { errorResponse } from "../error-response.js";

/**
 * Refuses requests whose Host header is not one of ours. On a loopback server this stops
 * DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
 */
export function allowHosts(hosts: string[]): MiddlewareHandler {
  const allowed = new Set(hosts.map((host) => host.toLowerCase()));
  return async (context, next) => {
    const host = (context.req.header("host") ?? "").toLowerCase();
    if (!allowed.has(host)) return errorResponse(context, new FlywheelError({ code: "forbidden-host", message: `requests for host "${host}" are refused`, hint: "open the workbench at the address the server printed" }));
    await next();
  };
}

/**
 * Closed CORS: a browser request that carries an Origin must come from the server's own
 * origin (or one listed). Requests without an Origin (curl, SDKs) pass.
 */
export function allowOrigins(origins: string[]): MiddlewareHandler {
  const allowed = new Set(origins.map((origin) => origin.toLowerCase()));
  return async (context, next) => {
    const origin = context.req.header("origin");
    if (origin !== undefined && !allowed.has(origin.toLowerCase())) {
      return errorResponse(context, new FlywheelError({ code: "forbidden-origin", message: `cross-origin requests from ${origin} are refused` }));
    }
    if (context.req.method === "OPTIONS") return context.body(null, 204);
    await next();
  };
}
