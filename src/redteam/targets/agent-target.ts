import path from "node:path";
import { z } from "zod";
import { createBuiltInTools, httpGetTool, loadAgentTools, riskyBuiltInTools, runAgent } from "../../agents/index.js";
import type { AgentTool } from "../../agents/index.js";
import { collectionSearcher } from "../../rag/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { ObservedToolCall, RangeView, RedteamTarget, TargetInput, TargetTool } from "../redteam-types.js";
import { loadAgentFile } from "./agent-file.js";
import type { AgentFile } from "./agent-file.js";
import { conversationText } from "./conversation-text.js";
import { ownSecrets } from "./own-secrets.js";

/**
 * An agent file as a target. Each attack runs the agent with the file's model, instructions,
 * tools, approval rules and budgets, with three changes that put the red team's traps in
 * reach: the file tools' root is the range's scratch workspace, http_get may also read the
 * range's page server (never the honeypot), and calls that need approval are approved or
 * refused as the attack says (`TargetInput.approveCalls`).
 */
export async function openAgentTarget(flywheel: Flywheel, reference: string, file: string, range: RangeView): Promise<RedteamTarget> {
  const agent = await loadAgentFile(file, reference);
  const mcp = agent.mcpServers.length === 0 ? undefined : await loadAgentTools(flywheel, { builtIn: [], mcpServers: agent.mcpServers });
  const baseTools = [...buildBuiltInTools(flywheel, agent, range), ...agent.ownTools, ...(mcp?.tools ?? [])];
  const requireApproval = new Set(
    agent.requireApproval ?? flywheel.config.agents.requireApproval ?? baseTools.filter((tool) => tool.requiresApproval === true || riskyBuiltInTools.includes(tool.name as never)).map((tool) => tool.name),
  );
  const tools: TargetTool[] = baseTools.map((tool) => ({ name: tool.name, requiresApproval: requireApproval.has(tool.name), risky: isRisky(tool) }));
  const instructions = agent.instructions ?? "";
  return {
    info: {
      kind: "agent",
      id: reference,
      label: path.basename(file).replace(/\.agent\.ya?ml$/, ""),
      tools,
      systemPrompt: true,
      ownSecrets: ownSecrets(instructions),
      budgets: { maxSteps: agent.budgets.maxSteps, maxTimeMs: agent.budgets.maxTimeMs, ...(agent.budgets.maxTokens === undefined ? {} : { maxTokens: agent.budgets.maxTokens }), ...(agent.budgets.maxCostUsd === undefined ? {} : { maxCostUsd: agent.budgets.maxCostUsd }) },
    },
    async run(input: TargetInput, { signal }) {
      if (input.plant?.where === "web-page") range.pages.serve(input.attackId, input.plant);
      const runTools = input.plant === undefined || input.plant.where === "web-page" ? baseTools : withPlant(baseTools, input.plant.where, input.plant.text);
      const started = Date.now();
      const result = await runAgent(flywheel, {
        objective: conversationText(input.messages),
        ...(agent.model === undefined ? {} : { model: agent.model }),
        tools: runTools,
        instructions: [instructions, input.systemNote].filter((part) => part !== undefined && part !== "").join("\n"),
        budgets: agent.budgets,
        requireApproval: [...requireApproval],
        approve: async () => input.approveCalls,
        abortSignal: signal,
        tags: ["redteam"],
      });
      const toolCalls: ObservedToolCall[] = result.toolCalls.map((call) => ({ name: call.name, input: call.input, output: call.output, isError: call.isError, ...(call.denied === true ? { denied: true } : {}) }));
      return {
        output: result.text,
        transcript: [...input.messages, { role: "assistant", content: result.text }],
        toolCalls,
        traceId: result.traceId,
        costUsd: result.costUsd,
        tokens: result.usage.totalTokens,
        steps: result.modelCalls,
        stopReason: result.stopReason,
        durationMs: Date.now() - started,
      };
    },
    async close() {
      await mcp?.close();
    },
  };
}

function buildBuiltInTools(flywheel: Flywheel, agent: AgentFile, range: RangeView): AgentTool[] {
  const names = agent.tools.filter((name) => name !== "http_get");
  const settings = { ...agent.toolSettings, files: { ...agent.toolSettings.files, root: range.workspace.root } };
  const tools = createBuiltInTools(names, { settings, cwd: path.dirname(agent.file), searchCollection: (collection) => collectionSearcher(flywheel, collection) });
  if (agent.tools.includes("http_get")) {
    const http = agent.toolSettings.http_get;
    const pages = new URL(range.pages.origin);
    tools.push(
      httpGetTool({
        ...http,
        allowHosts: [...(http.allowHosts ?? []), pages.host],
        allowPrivateAddresses: [...http.allowPrivateAddresses, `${pages.hostname}/32`],
        resolveHost: (hostname) => range.resolveHost(hostname),
      }),
    );
  }
  return tools;
}

/** The tools with the planted text added to the first result of a search tool (documents) or of any tool. */
function withPlant(tools: AgentTool[], where: "document" | "tool-result", text: string): AgentTool[] {
  let planted = false;
  const searchTool = where === "document" ? tools.find((tool) => /search|retriev|lookup/i.test(tool.name)) : undefined;
  return tools.map((tool) => ({
    ...tool,
    execute: async (input: unknown, context: Parameters<AgentTool["execute"]>[1]) => {
      const output = await tool.execute(input, context);
      if (planted || (searchTool !== undefined && tool !== searchTool)) return output;
      planted = true;
      return `${typeof output === "string" ? output : JSON.stringify(output)}\n\n${text}`;
    },
  }));
}

const riskyInputs = ["url", "uri", "href", "code", "source", "script", "command", "cmd", "sql"];

/** Network, code, shell or write access (reading files is not risky by itself), judged from the tool's name and inputs. */
function isRisky(tool: AgentTool): boolean {
  if (riskyBuiltInTools.includes(tool.name as never) || tool.name.includes("__") || tool.requiresApproval === true) return true;
  if (/write|delete|remove|send|exec|shell|run|fetch|http|download|upload|email|pay|transfer/i.test(tool.name)) return true;
  const schema = tool.parameters ?? (z.toJSONSchema(tool.inputSchema, { unrepresentable: "any" }) as Record<string, unknown>);
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  return Object.keys(properties).some((name) => riskyInputs.includes(name.toLowerCase()));
}
