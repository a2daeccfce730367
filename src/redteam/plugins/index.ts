// Red-team plugins: what an attack tries, and the rule that says whether it worked.
import type { RedteamPlugin } from "../redteam-types.js";
import { approvalBypassPlugin } from "./approval-bypass.js";
import { budgetLiftingPlugin } from "./budget-lifting.js";
import { dataLeakagePlugin } from "./data-leakage.js";
import { harmfulPlugin } from "./harmful.js";
import { indirectInjectionDocumentPlugin, indirectInjectionToolResultPlugin, indirectInjectionWebPagePlugin } from "./indirect-injection.js";
import { pathTraversalPlugin } from "./path-traversal.js";
import { promptInjectionPlugin } from "./prompt-injection.js";
import { ragFaithfulnessPlugin } from "./rag-faithfulness.js";
import { sandboxEscapePlugin } from "./sandbox-escape.js";
import { ssrfPlugin } from "./ssrf.js";
import { systemPromptExtractionPlugin } from "./system-prompt-extraction.js";

/** Every plugin, in the order reports list them. */
export const redteamPlugins: readonly RedteamPlugin[] = [
  promptInjectionPlugin,
  systemPromptExtractionPlugin,
  indirectInjectionDocumentPlugin,
  indirectInjectionToolResultPlugin,
  indirectInjectionWebPagePlugin,
  ssrfPlugin,
  pathTraversalPlugin,
  sandboxEscapePlugin,
  approvalBypassPlugin,
  budgetLiftingPlugin,
  dataLeakagePlugin,
  ragFaithfulnessPlugin,
  harmfulPlugin,
];
