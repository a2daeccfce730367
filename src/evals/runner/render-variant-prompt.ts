import { renderPromptFile } from "../../prompts/index.js";
import type { SuitePrompt } from "../suite/eval-suite.js";
import type { RenderedPrompt } from "../targets/eval-target.js";
import { renderSuiteTemplate } from "../templates/index.js";
import type { TemplateRenderer } from "../templates/index.js";

const roles = new Set(["system", "user", "assistant"]);

/**
 * Renders a variant's prompt with a test's vars: suite prompts with Nunjucks as promptfoo
 * does (a missing variable renders as empty text), Flywheel `*.prompt.md` files with their
 * own logic-less templates (a missing variable throws a MissingVariableError). A prompt that
 * renders to a JSON array of `{role, content}` messages is sent as a conversation, as
 * promptfoo does.
 */
export async function renderVariantPrompt(prompt: SuitePrompt | undefined, vars: Record<string, unknown>, templates: TemplateRenderer): Promise<RenderedPrompt | undefined> {
  if (prompt === undefined) return undefined;
  const rendered = prompt.promptFile !== undefined
    ? renderPromptFile(prompt.promptFile, vars)
    : { prompt: await renderSuiteTemplate(prompt.template, vars, templates), system: prompt.system === undefined ? undefined : await renderSuiteTemplate(prompt.system, vars, templates) };
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
