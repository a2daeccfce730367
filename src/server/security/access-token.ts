import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { FlywheelError } from "../../errors/index.js";
import { errorResponse } from "../error-response.js";

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

/**
 * Requires `Authorization: Bearer <token>` (or `x-flywheel-token`) on every request it
 * guards, streaming and `/v1` routes included.
 */
export function requireAccessToken(token: string): MiddlewareHandler {
  return async (context, next) => {
    const header = context.req.header("authorization") ?? "";
    const match = /^Bearer (.+)$/.exec(header);
    const given = match?.[1] ?? context.req.header("x-flywheel-token") ?? "";
    if (given === "" || !tokensMatch(given, token)) {
      return errorResponse(context, new FlywheelError({ code: "unauthorized", message: "a valid access token is required", hint: "send Authorization: Bearer <token> (printed when the server started)" }));
    }
    await next();
  };
}
