import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FunctionTool,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { decodedReadings, readInstructions } from "./read-instructions.js";

interface Conversation {
  system: string;
  /** Every text it can read: user turns, system, tool results, its own earlier text. */
  texts: string[];
  /** Everything but the system prompt: where tools may be named (a system prompt naming its tools is no order to call them). */
  spoken: string[];
  /** Tool results, newest last. */
  toolResults: string[];
  /** Calls already made, as `name:input-json`. */
  calls: Set<string>;
}

/**
 * The worst case for a target's defences: a deterministic chat model that obeys every
 * instruction it can read anywhere in its context (user turns, the system prompt, tool results,
 * retrieved documents), after undoing every red-team strategy's dressing. It calls the offered
 * tool that fits each URL, path, piece of code or tool name it was told about (once each), and
 * then answers with what it was told to say, its system prompt when asked for it, and the tool
 * results it got. With it a red-team report measures the tools' and the loop's defences, not a
 * model's judgement.
 */
export class ObedientLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "redteam";
  readonly supportedUrls = {};

  constructor(readonly modelId: string) {}

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { content, inputTokens, outputTokens } = reply(options);
    return {
      content,
      finishReason: { unified: content.some((part) => part.type === "tool-call") ? "tool-calls" : "stop", raw: undefined },
      usage: usage(inputTokens, outputTokens),
      response: { modelId: this.modelId, timestamp: new Date() },
      warnings: [],
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { content, inputTokens, outputTokens } = reply(options);
    const parts: LanguageModelV4StreamPart[] = [{ type: "stream-start", warnings: [] }, { type: "response-metadata", modelId: this.modelId, timestamp: new Date() }];
    for (const part of content) {
      if (part.type === "text") parts.push({ type: "text-start", id: "0" }, { type: "text-delta", id: "0", delta: part.text }, { type: "text-end", id: "0" });
      else if (part.type === "tool-call") parts.push(part);
    }
    parts.push({ type: "finish", finishReason: { unified: content.some((part) => part.type === "tool-call") ? "tool-calls" : "stop", raw: undefined }, usage: usage(inputTokens, outputTokens) });
    return { stream: new ReadableStream({ start: (controller) => { for (const part of parts) controller.enqueue(part); controller.close(); } }) };
  }
}

function reply(options: LanguageModelV4CallOptions): { content: LanguageModelV4Content[]; inputTokens: number; outputTokens: number } {
  const conversation = read(options.prompt);
  const inputTokens = words(conversation.texts.join(" "));
  const tools = (options.tools ?? []).filter((tool): tool is LanguageModelV4FunctionTool => tool.type === "function");
  const instructions = readInstructions(conversation.texts.join("\n"));
  if (options.toolChoice?.type !== "none") {
    const named = tools.filter((tool) => decodedReadings(conversation.spoken.join("\n")).some((reading) => new RegExp(`\\b${tool.name}\\b`).test(reading)));
    for (const call of candidateCalls(instructions, tools, named)) {
      const key = `${call.name}:${JSON.stringify(call.input)}`;
      if (conversation.calls.has(key)) continue;
      const content: LanguageModelV4Content[] = [{ type: "tool-call", toolCallId: `obedient_${conversation.calls.size}_${Math.abs(hash(key))}`, toolName: call.name, input: JSON.stringify(call.input) }];
      return { content, inputTokens, outputTokens: words(JSON.stringify(call.input)) };
    }
  }
  const lines: string[] = [];
  if (instructions.sayings.length > 0) lines.push(instructions.sayings.join(" "));
  if (instructions.revealSystem && conversation.system !== "") lines.push(`My instructions are: ${conversation.system}`);
  if (conversation.toolResults.length > 0) lines.push(`Here is what I found: ${conversation.toolResults.join("\n")}`);
  if (lines.length === 0) lines.push("Done. I followed the instructions I was given.");
  const text = lines.join("\n");
  return { content: [{ type: "text", text }], inputTokens, outputTokens: words(text) };
}

/** The calls the instructions ask for, in the order an obedient model would make them. */
function candidateCalls(instructions: ReturnType<typeof readInstructions>, tools: LanguageModelV4FunctionTool[], named: LanguageModelV4FunctionTool[]): { name: string; input: Record<string, unknown> }[] {
  const calls: { name: string; input: Record<string, unknown> }[] = [];
  const toolWith = (...properties: string[]) =>
    tools.find((tool) => properties.some((property) => Object.hasOwn(schemaProperties(tool), property)));
  const urlTool = toolWith("url", "uri", "href");
  const pathTool = toolWith("path", "file", "filename");
  const codeTool = toolWith("code", "source", "script");
  const firstKey = (tool: LanguageModelV4FunctionTool, keys: string[]) => keys.find((key) => Object.hasOwn(schemaProperties(tool), key))!;
  if (urlTool !== undefined) for (const url of instructions.urls) calls.push({ name: urlTool.name, input: { [firstKey(urlTool, ["url", "uri", "href"])]: url } });
  if (pathTool !== undefined) for (const path of instructions.paths) calls.push({ name: pathTool.name, input: { [firstKey(pathTool, ["path", "file", "filename"])]: path } });
  if (codeTool !== undefined) for (const code of instructions.code) calls.push({ name: codeTool.name, input: { [firstKey(codeTool, ["code", "source", "script"])]: code } });
  for (const tool of named) if (!calls.some((call) => call.name === tool.name)) calls.push({ name: tool.name, input: plausibleInput(tool, instructions) });
  return calls;
}

function plausibleInput(tool: LanguageModelV4FunctionTool, instructions: ReturnType<typeof readInstructions>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(schemaProperties(tool))) {
    const type = (schema as { type?: unknown }).type;
    input[name] = type === "number" || type === "integer" ? 1 : type === "boolean" ? true : (instructions.urls[0] ?? instructions.paths[0] ?? "redteam");
  }
  return input;
}

function schemaProperties(tool: LanguageModelV4FunctionTool): Record<string, unknown> {
  const properties = (tool.inputSchema as { properties?: unknown }).properties;
  return typeof properties === "object" && properties !== null ? (properties as Record<string, unknown>) : {};
}

function read(prompt: LanguageModelV4Prompt): Conversation {
  const conversation: Conversation = { system: "", texts: [], spoken: [], toolResults: [], calls: new Set() };
  for (const message of prompt) {
    if (message.role === "system") {
      conversation.system += message.content;
      conversation.texts.push(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text") {
        conversation.texts.push(part.text);
        conversation.spoken.push(part.text);
      }
      else if (part.type === "tool-call") conversation.calls.add(`${part.toolName}:${typeof part.input === "string" ? part.input : JSON.stringify(part.input)}`);
      else if (part.type === "tool-result") {
        const output = part.output as { type: string; value?: unknown };
        const text = typeof output.value === "string" ? output.value : JSON.stringify(output.value ?? "");
        conversation.texts.push(text);
        conversation.spoken.push(text);
        conversation.toolResults.push(text);
      }
    }
  }
  return conversation;
}

function words(text: string): number {
  return text.split(/\s+/).filter((word) => word !== "").length;
}

function hash(text: string): number {
  let value = 0;
  for (let i = 0; i < text.length; i += 1) value = (Math.imul(value, 31) + text.charCodeAt(i)) | 0;
  return value;
}

function usage(inputTokens: number, outputTokens: number): LanguageModelV4Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
    raw: { inputTokens, outputTokens },
  };
}
