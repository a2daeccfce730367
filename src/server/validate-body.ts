import type { Context } from "hono";
import type { z } from "zod";
import { FlywheelError } from "../errors/index.js";

/**
 * Reads a JSON body and validates it. Bad JSON, unknown fields and wrong types become a
 * 400 that names the field; never a 500.
 */
export async function validateBody<Schema extends z.ZodType>(context: Context, schema: Schema): Promise<z.infer<Schema>> {
  const type = context.req.header("content-type") ?? "";
  if (!type.includes("application/json")) throw new FlywheelError({ code: "unsupported-media-type", message: "send the body as JSON", hint: "set Content-Type: application/json" });
  let raw: unknown;
  try {
    raw = await context.req.json();
  } catch {
    throw new FlywheelError({ code: "invalid-json", message: "the request body is not valid JSON" });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join(".");
    const detail = issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message;
    throw new FlywheelError({ code: "invalid-request", message: `${field === "" ? "body" : field}: ${detail}` });
  }
  return result.data;
}

/** Validates query parameters against a schema of strings (coerce inside the schema). */
export function validateQuery<Schema extends z.ZodType>(context: Context, schema: Schema): z.infer<Schema> {
  const result = schema.safeParse(context.req.query());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join(".");
    const detail = issue.code === "unrecognized_keys" ? `unknown parameter${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message;
    throw new FlywheelError({ code: "invalid-request", message: `${field === "" ? "query" : field}: ${detail}` });
  }
  return result.data;
}
