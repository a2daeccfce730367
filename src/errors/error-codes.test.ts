import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { errorCodeEntry, errorCodes, exitCodeByCategory, isErrorCode } from "./error-codes.js";
import { FlywheelError } from "./flywheel-error.js";
import { MissingApiKeyError, UsageError } from "./named-errors.js";

const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Every literal error code in the source: `code: "x"` and `code: cond ? "x" : "y"`. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(sourceRoot)) {
    // zod's `addIssue({ code: "custom", ... })` names a zod issue kind, not a Flywheel error code.
    const text = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !line.includes("addIssue("))
      .join("\n");
    const where = path.relative(sourceRoot, file);
    for (const match of text.matchAll(/\bcode: "([^"\n]+)"/g)) found.set(match[1]!, where);
    for (const match of text.matchAll(/\bcode: [^,\n"]*(?:"[^"\n]*"[^,\n"]*)?\? "([^"\n]+)" : "([^"\n]+)"/g)) {
      found.set(match[1]!, where);
      found.set(match[2]!, where);
    }
  }
  return found;
}

describe("error code registry", () => {
  it("registers every error code the source throws", () => {
    const codes = codesInSource();
    // The scan must see the codes it is meant to guard, ternaries included.
    expect(codes.has("missing-api-key")).toBe(true);
    expect(codes.has("collection-empty")).toBe(true);
    expect(codes.has("finetune-api-unavailable")).toBe(true);
    const unregistered = [...codes].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unregistered).toEqual([]);
  });

  it("gives usage and config errors exit 2, cancellation 130, every other failure 1", () => {
    expect(new UsageError("bad flag").category).toBe("usage");
    expect(exitCodeByCategory[new MissingApiKeyError({ provider: "openai", environmentVariable: "OPENAI_API_KEY" }).category]).toBe(2);
    expect(exitCodeByCategory[errorCodes["config-invalid"].category]).toBe(2);
    expect(exitCodeByCategory[errorCodes.cancelled.category]).toBe(130);
    expect(exitCodeByCategory[errorCodes["model-call-failed"].category]).toBe(1);
    expect(exitCodeByCategory[errorCodes["not-found"].category]).toBe(1);
    for (const [code, entry] of Object.entries(errorCodes)) {
      expect(entry.httpStatus, code).toBeGreaterThanOrEqual(400);
      expect(entry.httpStatus, code).toBeLessThan(600);
    }
  });

  it("treats a code that plain JavaScript made up as internal", () => {
    const error = new FlywheelError({ code: "made-up" as never, message: "x" });
    expect(error.category).toBe("system");
    expect(errorCodeEntry("made-up").httpStatus).toBe(500);
  });
});
