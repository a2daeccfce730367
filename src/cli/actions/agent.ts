import { createInterface } from "node:readline/promises";
import { loadAgentTools, runAgent, runPlanner } from "../../agents/index.js";
import type { AgentBudgets, ApprovalCallback } from "../../agents/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import type { AgentCommandOptions } from "../commands/agent.js";
import { agentProgressPrinter } from "../output/agent-progress.js";
import { formatCost, formatDuration, oneLine } from "../output/format.js";
import type { Terminal } from "../output/terminal.js";
import { colors } from "../output/terminal.js";

const successful = new Set(["final-answer", "objective-met", "no-tasks-left"]);

/** Runs an agent (or a planner with --plan), printing steps as they happen and the answer; exit 1 when it stopped without one. */
export async function agent(context: CommandContext, words: string[], options: AgentCommandOptions): Promise<number> {
  const objective = words.join(" ").trim();
  if (objective === "") throw new UsageError("no objective given", 'pass it as an argument: flywheel agent "What is 37 * 91?" --tools calculator');
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const budgets: AgentBudgets = {
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    ...(options.maxTime === undefined ? {} : { maxTimeMs: options.maxTime }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.maxCost === undefined ? {} : { maxCostUsd: options.maxCost }),
    ...(options.maxToolCalls === undefined ? {} : { maxToolCalls: options.maxToolCalls }),
    ...(options.maxToolCallsPerStep === undefined ? {} : { maxToolCallsPerStep: options.maxToolCallsPerStep }),
  };
  const loaded = await loadAgentTools(flywheel, { builtIn: splitList(options.tools), mcpServers: splitList(options.mcp), filesRoot: options.root });
  try {
    const run = options.plan === true ? runPlanner : runAgent;
    const result = await run(flywheel, {
      objective,
      model: options.model,
      tools: loaded.tools,
      budgets,
      instructions: options.instructions,
      toolCallMode: options.prompted === true ? "prompted" : "native",
      toolChoice: options.requireTool === true ? "required-first" : "auto",
      tags: options.tag,
      approve: options.yes === true ? () => true : terminalApproval(terminal),
      abortSignal: context.signal,
      onEvent: options.json === true ? undefined : agentProgressPrinter(terminal),
    });
    if (options.json === true) {
      terminal.line(JSON.stringify(result, null, 2));
    } else {
      if (options.plan === true && result.text !== "" && result.stopReason === "objective-met") terminal.line(result.text);
      if (!successful.has(result.stopReason)) terminal.info(colors.yellow(result.message));
      terminal.info(
        colors.dim(
          `${result.stopReason} · ${result.modelCalls} model calls · ${result.toolCalls.length} tool calls · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out · ${formatCost(result.costUsd)} · ${formatDuration(result.durationMs)} · trace ${result.traceId.slice(0, 12)}`,
        ),
      );
    }
    return successful.has(result.stopReason) ? 0 : 1;
  } finally {
    await loaded.close();
  }
}

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Asks y/N on the terminal for each risky call; without a terminal to ask on, refuses (use --yes). */
function terminalApproval(terminal: Terminal): ApprovalCallback {
  let warned = false;
  return async (request) => {
    if (process.stdin.isTTY !== true) {
      if (!warned) terminal.warn(`${request.toolName} needs approval and there is no terminal to ask on: refused (run with --yes to approve risky tools)`);
      warned = true;
      return false;
    }
    const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    try {
      const answer = await lines.question(`${colors.yellow("approve")} ${colors.bold(request.toolName)} ${oneLine(JSON.stringify(request.input), 200)}? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      lines.close();
    }
  };
}
