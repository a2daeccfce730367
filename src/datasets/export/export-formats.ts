import type { ChatMessage, DatasetRow } from "../dataset-row.js";

/** Fine-tuning file formats a dataset exports to. */
export const exportFormats = ["openai", "anthropic", "sharegpt", "alpaca"] as const;

/** One of `exportFormats`. */
export type ExportFormat = (typeof exportFormats)[number];

/** OpenAI chat fine-tuning: `{"messages": [...], "tools"?: [...]}`. */
function toOpenAi(row: DatasetRow): Record<string, unknown> {
  return { messages: row.messages, ...(row.tools === undefined ? {} : { tools: row.tools }) };
}

/** Anthropic messages: a top-level `system`, content blocks for tool use and results. */
function toAnthropic(row: DatasetRow): Record<string, unknown> {
  const system = row.messages.filter((message) => message.role === "system").map((message) => message.content);
  const messages = row.messages
    .filter((message) => message.role !== "system")
    .map((message) => {
      if (message.role === "tool") return { role: "user", content: [{ type: "tool_result", tool_use_id: message.tool_call_id ?? "", content: message.content }] };
      if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
        return {
          role: "assistant",
          content: [
            ...(message.content === "" ? [] : [{ type: "text", text: message.content }]),
            ...message.tool_calls.map((call) => ({ type: "tool_use", id: call.id, name: call.function.name, input: parseArguments(call.function.arguments) })),
          ],
        };
      }
      return { role: message.role, content: message.content };
    });
  return { ...(system.length > 0 ? { system: system.join("\n\n") } : {}), messages };
}

const shareGptRoles: Record<ChatMessage["role"], string> = { system: "system", user: "human", assistant: "gpt", tool: "observation" };

/** ShareGPT: `{"conversations": [{"from": "human"|"gpt"|..., "value": ...}]}`. */
function toShareGpt(row: DatasetRow): Record<string, unknown> {
  const conversations = row.messages.flatMap((message) => {
    if (message.tool_calls !== undefined && message.tool_calls.length > 0) {
      return message.tool_calls.map((call) => ({ from: "function_call", value: JSON.stringify({ name: call.function.name, arguments: parseArguments(call.function.arguments) }) }));
    }
    return [{ from: shareGptRoles[message.role], value: message.content }];
  });
  return { conversations, ...(row.tools === undefined ? {} : { tools: JSON.stringify(row.tools) }) };
}

/** Alpaca (LLaMA-Factory shape): instruction, input, output, optional system and earlier turns as history. */
function toAlpaca(row: DatasetRow): Record<string, unknown> {
  const system = row.messages.filter((message) => message.role === "system").map((message) => message.content).join("\n\n");
  const turns = row.messages.filter((message) => message.role === "user" || message.role === "assistant");
  const output = turns.at(-1)?.role === "assistant" ? turns.at(-1)!.content : "";
  const instruction = [...turns].reverse().find((message) => message.role === "user")?.content ?? "";
  const history: [string, string][] = [];
  const earlier = turns.slice(0, turns.findLastIndex((message) => message.role === "user"));
  for (let index = 0; index + 1 < earlier.length; index += 2) {
    if (earlier[index]!.role === "user" && earlier[index + 1]!.role === "assistant") history.push([earlier[index]!.content, earlier[index + 1]!.content]);
  }
  return { instruction, input: "", output, ...(system === "" ? {} : { system }), ...(history.length > 0 ? { history } : {}) };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Converts one row to one JSON object in the given format. */
export const exportRow: Record<ExportFormat, (row: DatasetRow) => Record<string, unknown>> = {
  openai: toOpenAi,
  anthropic: toAnthropic,
  sharegpt: toShareGpt,
  alpaca: toAlpaca,
};
