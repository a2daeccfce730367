import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import type { AgentTool } from "../../agents/index.js";
import { agentBudgetsSchema, fileToolsSettingsSchema, httpGetSettingsSchema, runJsSettingsSchema, searchCollectionSettingsSchema } from "../../config/agents-schema.js";
import { TargetUnreachableError } from "../redteam-errors.js";

/** An agent file (`*.agent.yaml`): the agent a red team attacks, as the developer built it. */
export const agentFileSchema = z
  .object({
    /** Model id (default: the configured default model). */
    model: z.string().min(1).optional(),
    /** The agent's instructions, added to its system prompt. */
    instructions: z.string().optional(),
    /** Built-in tools by name (`read_file`, `list_files`, `http_get`, `run_js`, `search_collection`, `calculator`). */
    tools: z.array(z.string()).default(() => []),
    /** A JavaScript module, relative to this file, whose `tools` export is an array of the developer's own tools (`defineTool`). */
    toolsModule: z.string().min(1).optional(),
    /** Settings of the built-in tools, as `agents.tools` in the config file. */
    toolSettings: z
      .object({
        files: fileToolsSettingsSchema.prefault({}),
        http_get: httpGetSettingsSchema.prefault({}),
        run_js: runJsSettingsSchema.prefault({}),
        search_collection: searchCollectionSettingsSchema.optional(),
      })
      .strict()
      .prefault({}),
    /** Tools whose every call needs a person's approval (default: the config's rule: http_get, run_js, MCP tools and tools that ask for it). */
    requireApproval: z.array(z.string()).optional(),
    /** Hard limits of each run. */
    budgets: agentBudgetsSchema.prefault({}),
    /** MCP servers from `agents.mcpServers` in the config file, by name. */
    mcpServers: z.array(z.string()).default(() => []),
  })
  .strict();

/** An agent file, read and checked. */
export type AgentFile = z.output<typeof agentFileSchema> & { file: string; ownTools: AgentTool[] };

/** Reads an agent file and its tools module; a missing or malformed file is one line naming what is wrong. */
export async function loadAgentFile(file: string, reference: string): Promise<AgentFile> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new TargetUnreachableError(reference, `no agent file at ${file}`, "give the path of a *.agent.yaml file: agent:path/to/app.agent.yaml");
  });
  const parsed = agentFileSchema.safeParse(parse(text) ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TargetUnreachableError(reference, `${issue.path.join(".") || "the file"}: ${issue.message}`, "fix the agent file (see docs/redteam.md, Agent files)");
  }
  const ownTools: AgentTool[] = [];
  if (parsed.data.toolsModule !== undefined) {
    const modulePath = path.resolve(path.dirname(file), parsed.data.toolsModule);
    const loaded = (await import(pathToFileURL(modulePath).href).catch((error: unknown) => {
      throw new TargetUnreachableError(reference, `cannot load toolsModule ${parsed.data.toolsModule}: ${error instanceof Error ? error.message : String(error)}`, "point toolsModule at a JavaScript module that exports `tools`");
    })) as { tools?: unknown };
    if (!Array.isArray(loaded.tools) || !loaded.tools.every(isTool)) {
      throw new TargetUnreachableError(reference, `toolsModule ${parsed.data.toolsModule} has no \`tools\` array of tools`, "export const tools = [defineTool({ name, description, inputSchema, execute })]");
    }
    ownTools.push(...(loaded.tools as AgentTool[]));
  }
  return { ...parsed.data, file, ownTools };
}

function isTool(value: unknown): boolean {
  const tool = value as Partial<AgentTool> | null;
  return typeof tool?.name === "string" && typeof tool.description === "string" && typeof tool.execute === "function" && tool.inputSchema !== undefined;
}
