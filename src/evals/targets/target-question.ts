import { UsageError } from "../../errors/index.js";
import type { EvalTargetInput } from "./eval-target.js";

/**
 * The text a RAG pipeline or an agent is given for one case: the rendered prompt when the
 * suite has prompts, else the `question`, `query`, `input` or `objective` variable.
 */
export function targetQuestion(input: EvalTargetInput): string {
  if (input.prompt !== undefined) return input.prompt.text;
  for (const name of ["question", "query", "input", "objective"]) {
    const value = input.vars[name];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  throw new UsageError("this target needs a prompt, or a question, query, input or objective variable", "add prompts to the suite, or a `question` variable to each test");
}
