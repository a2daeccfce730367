import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { FlywheelError } from "../../errors/index.js";
import type { ApiTokenScope, ApiTokenStore } from "../../store/index.js";
import { errorResponse } from "../error-response.js";
import { API_TOKEN_PREFIX, hashApiToken } from "./api-token.js";

/** A fresh random access token (URL-safe, 32 bytes of entropy). */
export function generateAccessToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Compares in constant time and case-exactly: both sides are hashed to equal lengths first. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Options for `requireApiAccess`. */
export interface ApiAccessOptions {
  /** The server's own token (printed at start); it may do everything. */
  workbenchToken?: string;
  /** Whether a request without a token is refused (any non-loopback bind, or a workbench token set). */
  required: boolean;
  /** Named API tokens, and where writes are recorded. */
  tokens: ApiTokenStore;
}

const SCOPE_RANK: Readonly<Record<ApiTokenScope, number>> = { read: 0, write: 1, admin: 2 };
const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * Checks `Authorization: Bearer <token>` (or `x-flywheel-token`) on every request it guards,
 * streaming and `/v1` routes included: a named token (`fwk_…`, found by its hash, refused once
 * revoked, and refused writes when its scope is `read`) or the workbench token. Without one (any
 * other value counts as none) a request passes only where none is required, and `/v1` then only
 * while no named token exists.
 * Every write let through (any method but GET and HEAD) is recorded with the name of the token that made it.
 */
export function requireApiAccess(options: ApiAccessOptions): MiddlewareHandler {
  return async (context, next) => {
    const header = context.req.header("authorization") ?? "";
    const given = /^Bearer (.+)$/.exec(header)?.[1] ?? context.req.header("x-flywheel-token") ?? "";
    const needed: ApiTokenScope = READ_METHODS.has(context.req.method) ? "read" : "write";
    let actor: string;
    if (given.startsWith(API_TOKEN_PREFIX)) {
      const token = await options.tokens.find(hashApiToken(given));
      if (token === undefined) return refuse(context, "unknown or revoked API token");
      if (SCOPE_RANK[token.scope] < SCOPE_RANK[needed]) {
        return errorResponse(context, new FlywheelError({ code: "forbidden-scope", message: `the token "${token.name}" has scope ${token.scope}; this request needs ${needed}`, hint: `create a token with --scope ${needed}` }));
      }
      actor = token.name;
    } else if (given !== "" && options.workbenchToken !== undefined && tokensMatch(given, options.workbenchToken)) {
      actor = "workbench";
    } else {
      // Any other value counts as none: OpenAI SDKs always send some key.
      if (options.required) return refuse(context, "a valid access token is required");
      if (context.req.path.startsWith("/v1/") && (await options.tokens.any())) return refuse(context, "an API token is required for /v1 once named tokens exist");
      actor = "loopback";
    }
    await next();
    if (needed === "write") options.tokens.recordWrite({ at: Date.now(), tokenName: actor, method: context.req.method, path: context.req.path, status: context.res.status });
  };
}

function refuse(context: Parameters<MiddlewareHandler>[0], message: string): Response {
  return errorResponse(context, new FlywheelError({ code: "unauthorized", message, hint: "send Authorization: Bearer <token> (a token from `flywheel tokens create`, or the one printed when the server started)" }));
}
