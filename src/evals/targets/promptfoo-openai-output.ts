import type { ModelParameters } from "../suite/eval-suite.js";

/** What `generateText` returned that shapes the output. */
export interface GeneratedAnswer {
  text: string;
  toolCalls: readonly { toolCallId: string; toolName: string; input: unknown }[];
}

/**
 * The output as promptfoo's OpenAI provider gives it, so assertions see the same value:
 * a `tool_calls` array (or, for the legacy `functions` setting, the `function_call`
 * object) when the model called something and wrote nothing; the whole message when it
 * did both; the text parsed as JSON under an inline `json_schema` response format (left as
 * text when it is not JSON); else the text.
 */
export function promptfooOpenAiOutput(answer: GeneratedAnswer, parameters: ModelParameters): unknown {
  if (answer.toolCalls.length > 0) {
    const calls = answer.toolCalls.map((call) => ({ id: call.toolCallId, type: "function", function: { name: call.toolName, arguments: typeof call.input === "string" ? call.input : JSON.stringify(call.input) } }));
    // The functions API calls one function per answer.
    const called = parameters.callShape === "functions" ? { function_call: calls[0]!.function } : { tool_calls: calls };
    if (answer.text !== "") return { role: "assistant", content: answer.text, ...called };
    return "function_call" in called ? called.function_call : called.tool_calls;
  }
  // promptfoo parses the answer only when the config holds the json_schema format itself;
  // one read from a file:// reference leaves it as text (its check sees the string).
  if (parameters.responseFormat?.type === "json_schema" && parameters.responseFormat.fromFile !== true) {
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      return answer.text;
    }
  }
  return answer.text;
}
