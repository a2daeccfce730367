// Nunjucks templates for suite prompts, vars and assertion values, rendered as promptfoo
// renders them, in a sandboxed worker (no process, require, files or network; a time limit).
export { createTemplateRenderer } from "./template-renderer.js";
export type { TemplateRenderer, TemplateRendererOptions } from "./template-renderer.js";
export { renderSuiteTemplate } from "./render-suite-template.js";
export { templateVariables, rootVariable } from "./template-variables.js";
export { Conversations, conversationKey, usesConversation } from "./conversations.js";
export type { ConversationTurn } from "./conversations.js";
