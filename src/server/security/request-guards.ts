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

/** Options for `allowOrigins`. */
export interface AllowOriginsOptions {
  /** Browser origins allowed to call the API (the workbench's own addresses). */
  origins: string[];
  /**
   * Also accept an Origin that is `http://<the Host the request came to>`: the page served by
   * this server at whatever address the user opened it (a LAN address when bound to 0.0.0.0).
   * Only safe where the Host is checked or every request needs the access token, since a
   * DNS-rebinding page sends a matching Origin and Host of its own.
   */
  sameHost: boolean;
}

/** `Sec-Fetch-Site` values a browser sends for requests the workbench itself makes or the user typed. */
const OWN_FETCH_SITES = new Set(["same-origin", "none"]);

/**
 * Closed CORS: a browser request must come from the server's own origin (or one listed).
 * An Origin header must name an allowed origin, and a browser request marked as coming from
 * another site (`Sec-Fetch-Site: cross-site` or `same-site`, which a plain GET from a foreign
 * page carries without any Origin) is refused on every method, GETs included: a search spends
 * an embedding call and a read shows data. Requests with neither header (curl, SDKs) pass.
 */
export function allowOrigins(options: AllowOriginsOptions): MiddlewareHandler {
  const allowed = new Set(options.origins.map((origin) => origin.toLowerCase()));
  return async (context, next) => {
    const origin = context.req.header("origin")?.toLowerCase();
    const site = context.req.header("sec-fetch-site")?.toLowerCase();
    const ownOrigin = origin !== undefined && (allowed.has(origin) || (options.sameHost && origin === `http://${(context.req.header("host") ?? "").toLowerCase()}`));
    if (origin !== undefined && !ownOrigin) {
      return errorResponse(context, new FlywheelError({ code: "forbidden-origin", message: `cross-origin requests from ${context.req.header("origin")} are refused`, hint: "call the API from the workbench page or from a program, not from another site" }));
    }
    if (site !== undefined && !OWN_FETCH_SITES.has(site) && !ownOrigin) {
      return errorResponse(context, new FlywheelError({ code: "forbidden-origin", message: `requests from another site (Sec-Fetch-Site: ${site}) are refused`, hint: "call the API from the workbench page or from a program, not from another site" }));
    }
    if (context.req.method === "OPTIONS") return context.body(null, 204);
    await next();
  };
}
