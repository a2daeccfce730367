import type { EvalTarget } from "./eval-target.js";

/** promptfoo's `echo` provider: the output is the rendered prompt, for testing assertions without a model. */
export function echoTarget(options: { id: string; label?: string }): EvalTarget {
  return {
    id: options.id,
    label: options.label,
    async call(input) {
      const prompt = input.prompt;
      return { output: prompt?.messages !== undefined ? JSON.stringify(prompt.messages) : (prompt?.text ?? ""), costUsd: 0 };
    },
  };
}
