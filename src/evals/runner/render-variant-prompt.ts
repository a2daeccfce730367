import { renderPromptFile, renderTemplate } from "../../prompts/index.js";
import type { SuitePrompt } from "../suite/eval-suite.js";
import type { RenderedPrompt } from "../targets/eval-target.js";

const roles = new Set(["system", "user", "assistant"]);

/**
 * Renders a variant's prompt with a test's vars. A missing variable throws a
 * MissingVariableError (the cell becomes an error). A prompt that renders to a JSON
 * array of `{role, content}` messages is sent as a conversation, as promptfoo does.
 */
export function renderVariantPrompt(prompt: SuitePrompt | undefined, vars: Record<string, unknown>): RenderedPrompt | undefined {
  if (prompt === undefined) return undefined;
  const where = `prompt "${prompt.label}"`;
  const rendered = prompt.promptFile !== undefined
    ? renderPromptFile(prompt.promptFile, vars)
    : { prompt: renderTemplate(prompt.template, vars, { where }), system: prompt.system === undefined ? undefined : renderTemplate(prompt.system, vars, { where }) };
  const messages = chatMessages(rendered.prompt);
  if (messages === undefined) return { text: rendered.prompt, system: rendered.system, label: prompt.label };
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  return { text: lastUser?.content ?? rendered.prompt, system: rendered.system, messages, label: prompt.label };
}

function chatMessages(text: string): RenderedPrompt["messages"] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return undefined;
  const valid = parsed.every((item) => typeof item === "object" && item !== null && roles.has((item as { role?: string }).role ?? "") && typeof (item as { content?: unknown }).content === "string");
  return valid ? (parsed as RenderedPrompt["messages"]) : undefined;
}
