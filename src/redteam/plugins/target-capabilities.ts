import type { TargetInfo, TargetTool } from "../redteam-types.js";

const networkName = /http|fetch|url|web|browse|download|request|get_page/i;
const fileName = /file|read|open|cat|list_files|fs|path/i;
const codeName = /run_js|code|exec|eval|python|script|shell/i;

/** The target's tools that reach the network. */
export function networkTools(target: TargetInfo): TargetTool[] {
  return target.tools.filter((tool) => tool.name === "http_get" || networkName.test(tool.name));
}

/** The target's tools that read files. */
export function fileTools(target: TargetInfo): TargetTool[] {
  return target.tools.filter((tool) => ["read_file", "list_files"].includes(tool.name) || (fileName.test(tool.name) && !networkName.test(tool.name)));
}

/** The target's tools that run code. */
export function codeTools(target: TargetInfo): TargetTool[] {
  return target.tools.filter((tool) => codeName.test(tool.name));
}
