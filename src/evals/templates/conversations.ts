import type { RenderedPrompt } from "../targets/eval-target.js";

/** One earlier exchange, as promptfoo's `_conversation` var holds it. */
export interface ConversationTurn {
  /** The rendered prompt (the message list for a chat prompt). */
  prompt: unknown;
  /** The last message's content for a chat prompt, else the rendered prompt. */
  input: unknown;
  /** What the target answered ("" when it gave nothing). */
  output: unknown;
}

/** True when a prompt template reads promptfoo's `_conversation` var. */
export function usesConversation(template: string): boolean {
  return /\b_conversation\b/.test(template);
}

/**
 * The `_conversation` histories of a run, one per variant (prompt and target) and
 * `metadata.conversationId`, as promptfoo keys them. Each cell of a prompt that reads
 * `_conversation` sees the turns of the cells before it; the runner runs such suites one
 * cell at a time, in test order, as promptfoo does.
 */
export class Conversations {
  private readonly turns = new Map<string, ConversationTurn[]>();

  /** The test's vars with `_conversation` set to the history so far. */
  vars(key: string, vars: Record<string, unknown>): Record<string, unknown> {
    return { ...vars, _conversation: [...(this.turns.get(key) ?? [])] };
  }

  /** Adds a finished exchange to its history. */
  record(key: string, rendered: RenderedPrompt | undefined, output: unknown): void {
    const messages = rendered?.messages;
    const prompt = messages ?? rendered?.text ?? "";
    const turn = { prompt, input: messages === undefined ? prompt : (messages.at(-1)?.content ?? prompt), output: output || "" };
    this.turns.set(key, [...(this.turns.get(key) ?? []), turn]);
  }
}

/** The history a cell belongs to: its variant and the test's `metadata.conversationId`. */
export function conversationKey(variantIndex: number, conversationId: unknown): string {
  return JSON.stringify([variantIndex, conversationId ?? null]);
}
