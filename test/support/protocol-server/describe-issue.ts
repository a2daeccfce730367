import type { z } from "zod";

/** One line naming the first invalid field of a request body, as an API error message. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "Invalid request body.";
  const path = issue.path.map(String).join(".");
  return `Invalid request body: ${path === "" ? "body" : `'${path}'`}: ${issue.message}.`;
}
