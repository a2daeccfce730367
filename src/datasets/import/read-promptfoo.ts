import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UsageError } from "../../errors/index.js";
import type { ChatMessage, DatasetRow } from "../dataset-row.js";
import { describeIssue } from "./import-problem.js";
import type { ImportedRows, ImportProblem } from "./import-problem.js";

const assertionSchema = z.object({ type: z.string(), value: z.unknown().optional() }).passthrough();
const testSchema = z
  .object({
    description: z.string().optional(),
    vars: z.record(z.string(), z.unknown()).default({}),
    assert: z.array(assertionSchema).optional(),
  })
  .passthrough();

/** Options of `readPromptfoo`. */
export interface PromptfooOptions {
  /** The variable that holds the user's message (default: `input`, `question`, `prompt`, or the only variable). */
  inputVar?: string;
  /** The variable that holds the reply (default: `output`/`expected`, else an `equals` assertion's value). */
  outputVar?: string;
}

/**
 * Reads a promptfoo config or test file (`tests:` list, or a bare list) into rows: a test's
 * input variable is the user message; the reply is its output variable or the value of its
 * `equals` assertion. Tests with neither are reported, since they teach nothing.
 */
export function readPromptfoo(text: string, options: PromptfooOptions = {}): ImportedRows {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UsageError(`cannot read the promptfoo file: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, "check the YAML or JSON syntax");
  }
  const tests = Array.isArray(document) ? document : (document as { tests?: unknown } | null)?.tests;
  if (!Array.isArray(tests)) throw new UsageError("the promptfoo file has no tests list", "put the test cases under `tests:`");
  const lines = testLines(text, tests.length);
  const rows: DatasetRow[] = [];
  const problems: ImportProblem[] = [];
  tests.forEach((raw, index) => {
    const line = lines[index] ?? 0;
    const parsed = testSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push({ line, reason: describeIssue(parsed.error) });
      return;
    }
    const vars = parsed.data.vars;
    const names = Object.keys(vars);
    const inputName = options.inputVar ?? ["input", "question", "prompt", "query"].find((name) => name in vars) ?? (names.length === 1 ? names[0] : undefined);
    const outputName = options.outputVar ?? ["output", "expected", "answer"].find((name) => name in vars);
    const input = inputName === undefined || !Object.hasOwn(vars, inputName) ? undefined : vars[inputName];
    const equals = parsed.data.assert?.find((assertion) => assertion.type === "equals")?.value;
    const output = (outputName === undefined || !Object.hasOwn(vars, outputName) ? undefined : vars[outputName]) ?? equals;
    if (typeof input !== "string" || input === "") {
      problems.push({ line, reason: `no input variable${inputName === undefined ? "" : ` "${inputName}"`} (vars: ${names.join(", ") || "none"})` });
      return;
    }
    if (output === undefined || output === null || output === "") {
      problems.push({ line, reason: "no expected output (an output variable or an equals assertion)" });
      return;
    }
    const messages: ChatMessage[] = [
      { role: "user", content: input },
      { role: "assistant", content: typeof output === "string" ? output : JSON.stringify(output) },
    ];
    rows.push({ messages, metadata: { source: "promptfoo", test: index + 1, ...(parsed.data.description ? { description: parsed.data.description } : {}) } });
  });
  return { rows, problems, read: tests.length };
}

/** Best-effort line numbers of the list items under `tests:` (YAML `- ` items), for messages. */
function testLines(text: string, count: number): number[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^tests\s*:/.test(line));
  const result: number[] = [];
  let indent: number | undefined;
  for (let index = start + 1; index < lines.length && result.length < count; index += 1) {
    const match = /^(\s*)- /.exec(lines[index]!);
    if (match === null) continue;
    indent ??= match[1]!.length;
    if (match[1]!.length === indent) result.push(index + 1);
  }
  return result;
}
