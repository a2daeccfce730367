import { generateText } from "ai";
import type { ModelMessage } from "ai";
import type { ChatMessage } from "../../datasets/index.js";
import type { EvalTarget } from "../../evals/index.js";
import { costOf } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";

/** Options of `chatTarget`. */
export interface ChatTargetOptions {
  flywheel: Flywheel;
  /** Eval target id and label (`base`, `tuned`). */
  id: string;
  modelId: string;
  /** Longest reply. */
  maxTokens: number;
}

/** Turns dataset messages into AI SDK messages (text and tool calls as text, which every model reads). */
export function toModelMessages(messages: readonly ChatMessage[]): ModelMessage[] {
  return messages.map((message): ModelMessage => {
    if (message.role === "system") return { role: "system", content: message.content };
    if (message.role === "assistant") {
      const calls = (message.tool_calls ?? []).map((call) => `${call.function.name}(${call.function.arguments})`).join("\n");
      return { role: "assistant", content: [message.content, calls].filter((part) => part !== "").join("\n") };
    }
    if (message.role === "tool") return { role: "user", content: `tool result: ${message.content}` };
    return { role: "user", content: message.content };
  });
}

/**
 * An eval target that sends a test case's conversation (`vars.messages`) to a model at
 * temperature 0 and returns the trimmed reply, with tokens, cost and latency.
 */
export function chatTarget(options: ChatTargetOptions): EvalTarget {
  const model = options.flywheel.model(options.modelId);
  const info = options.flywheel.models.info(options.modelId);
  return {
    id: options.id,
    label: options.id,
    async call(input, callOptions) {
      const messages = input.vars.messages as ChatMessage[];
      const system = messages.filter((message) => message.role === "system").map((message) => message.content);
      const result = await generateText({
        model,
        ...(system.length > 0 ? { instructions: system.join("\n\n") } : {}),
        messages: toModelMessages(messages.filter((message) => message.role !== "system")),
        temperature: 0,
        maxOutputTokens: options.maxTokens,
        maxRetries: 0,
        abortSignal: callOptions.signal,
      });
      const usage = { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
      return {
        output: result.text.trim(),
        tokenUsage: { ...(usage.inputTokens === undefined ? {} : { input: usage.inputTokens }), ...(usage.outputTokens === undefined ? {} : { output: usage.outputTokens }) },
        ...(costOf(info, usage) === undefined ? {} : { costUsd: costOf(info, usage)! }),
        metadata: { model: options.modelId },
      };
    },
  };
}
