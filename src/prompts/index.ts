// Prompts: running a prompt or a conversation against any model, traced; prompt files
// (`*.prompt.md`, YAML front matter plus a logic-less `{{var}}` template).
export { runPrompt } from "./run-prompt.js";
export type { RunPromptOptions, RunPromptResult } from "./run-prompt.js";
export { renderTemplate, templateVariables, MissingVariableError } from "./render-template.js";
export type { RenderTemplateOptions } from "./render-template.js";
export { parsePromptFile, loadPromptFile, renderPromptFile, promptVariableDefaults, promptNameFromFile, promptFrontMatterSchema, promptContentHash, PROMPT_HASH_DISPLAY_LENGTH } from "./prompt-file.js";
export { resolvePromptReference } from "./resolve-prompt-reference.js";
export { resolvePromptReferenceCached, PROMPT_REFERENCE_TTL_MS } from "./resolve-prompt-reference-cached.js";
export type { PromptReferenceContext } from "./resolve-prompt-reference.js";
export { UnknownPromptError } from "./prompt-errors.js";
export { promptTraceLabels, recordPromptVersion } from "./prompt-version-labels.js";
export { promptSummaries } from "./prompt-summaries.js";
export type { PromptSummary, PromptVersionSummary, PromptVersionMetrics, PromptVersionOfflineScore } from "./prompt-types.js";
export { promptGitHistory } from "./prompt-git-history.js";
export type { PromptCommit } from "./prompt-git-history.js";
export type { PromptFile, RenderedPromptFile } from "./prompt-file.js";
