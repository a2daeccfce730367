// Deterministic token counting: close enough to real tokenizers for tests and
// benchmarks, and the same on every run.
import type { NormalizedMessage } from "./normalized-request.js";

/** Characters of all message text in a conversation (system, user, assistant and tool results). */
export function promptCharacters(messages: readonly NormalizedMessage[]): number {
  let characters = 0;
  for (const message of messages) characters += message.content.length;
  return characters;
}

/** Tokens for a number of characters: ceil(characters / 4), at least 1. */
export function tokensForCharacters(characters: number): number {
  return Math.max(1, Math.ceil(characters / 4));
}

/** Prompt tokens of a conversation: ceil(characters of all message text / 4), at least 1. */
export function countPromptTokens(messages: readonly NormalizedMessage[]): number {
  return tokensForCharacters(promptCharacters(messages));
}
