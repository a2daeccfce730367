import type { LanguageModelV4Prompt, LanguageModelV4ToolResultOutput } from "@ai-sdk/provider";
import type { ChatHistoryItem } from "node-llama-cpp";
import type { ToolProtocol } from "./tool-protocol.js";

/**
 * Turns an AI SDK prompt into node-llama-cpp chat history, ending with an empty model turn to
 * complete. Tool calls are written back as the JSON the tool protocol asks for, and tool
 * results become user turns, so a model with a plain chat template can follow the loop.
 * The protocol's instructions are appended to the system prompt, and its `afterResults` to
 * each turn of tool results.
 */
export function promptToHistory(prompt: LanguageModelV4Prompt, protocol?: Pick<ToolProtocol, "instructions" | "afterResults">): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const system = prompt.filter((message) => message.role === "system").map((message) => message.content);
  if (protocol !== undefined) system.push(protocol.instructions);
  if (system.length > 0) history.push({ type: "system", text: system.join("\n\n") });
  for (const message of prompt) {
    switch (message.role) {
      case "system":
        break;
      case "user": {
        const text = message.content.map((part) => (part.type === "text" ? part.text : `[file: ${part.mediaType}]`)).join("\n");
        appendUser(history, text);
        break;
      }
      case "assistant": {
        const pieces = message.content.flatMap((part) => {
          if (part.type === "text") return [part.text];
          if (part.type === "tool-call") return [JSON.stringify({ tool: part.toolName, arguments: part.input })];
          return [];
        });
        history.push({ type: "model", response: [pieces.join("\n")] });
        break;
      }
      case "tool": {
        const results = message.content.flatMap((part) =>
          part.type === "tool-result" ? [`Result of ${part.toolName}: ${renderToolOutput(part.output)}`] : [],
        );
        appendUser(history, [...results, ...(protocol === undefined ? [] : [protocol.afterResults])].join("\n"));
        break;
      }
    }
  }
  history.push({ type: "model", response: [] });
  return history;
}

function appendUser(history: ChatHistoryItem[], text: string): void {
  const last = history.at(-1);
  if (last?.type === "user") last.text = `${last.text}\n${text}`;
  else history.push({ type: "user", text });
}

function renderToolOutput(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "json":
    case "error-json":
      return JSON.stringify(output.value);
    case "execution-denied":
      return `denied${output.reason ? `: ${output.reason}` : ""}`;
    default:
      return JSON.stringify(output);
  }
}
