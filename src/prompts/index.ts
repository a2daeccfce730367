// Prompts: running a prompt or a conversation against any model, traced; prompt files
// (`*.prompt.md`) join here.
export { runPrompt } from "./run-prompt.js";
export type { RunPromptOptions, RunPromptResult } from "./run-prompt.js";
