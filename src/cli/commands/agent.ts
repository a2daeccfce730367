import type { Command } from "commander";
import { duration, integerFrom, numberIn } from "../option-parsers.js";
import { runAction } from "../run-action.js";
import { tagOption } from "../tag-option.js";

/** Options of `flywheel agent`. */
export interface AgentCommandOptions {
  model?: string;
  tools?: string;
  mcp?: string;
  plan?: boolean;
  maxSteps?: number;
  maxTime?: number;
  maxTokens?: number;
  maxCost?: number;
  maxToolCalls?: number;
  maxToolCallsPerStep?: number;
  root?: string;
  yes?: boolean;
  prompted?: boolean;
  requireTool?: boolean;
  instructions?: string;
  tag?: string[];
  json?: boolean;
}

/** `flywheel agent <objective>`: a tool-calling agent with budgets, optionally with a task list. */
export function registerAgentCommand(program: Command): void {
  program
    .command("agent")
    .description("run an agent that uses tools to reach an objective, within step, time, token and cost budgets")
    .argument("<objective...>", "what the agent must achieve")
    .option("-m, --model <id>", "model id (default: defaultModel in config, local:default)")
    .option("--tools <names>", "built-in tools to enable, comma-separated: calculator, read_file, list_files, http_get, search_collection, run_js")
    .option("--mcp <servers>", "MCP servers from config whose tools to add, comma-separated, or `all`")
    .option("--plan", "keep an explicit task list: plan, execute task by task, update the plan")
    .option("--max-steps <n>", "most model calls (default: agents.budgets.maxSteps in config, 10)", integerFrom(1))
    .option("--max-time <span>", "time budget such as 30s or 5m (default: agents.budgets.maxTimeMs in config, 5m)", duration)
    .option("--max-tokens <n>", "most tokens, input and output together", integerFrom(1))
    .option("--max-cost <usd>", "most US dollars", numberIn(0.000001, 1_000_000))
    .option("--max-tool-calls <n>", "most tool calls in the run (default: agents.budgets.maxToolCalls in config, 100)", integerFrom(1))
    .option("--max-tool-calls-per-step <n>", "most tool calls run in one step; the model is told the rest did not run (default: agents.budgets.maxToolCallsPerStep in config, 16)", integerFrom(1))
    .option("--root <folder>", "the folder read_file and list_files may read (default: agents.tools.files.root in config, else the working folder)")
    .option("-y, --yes", "approve every call of a risky tool (http_get, run_js, MCP tools) without asking")
    .option("--prompted", "describe tools in the prompt and parse JSON from the reply, for models without tool calling")
    .option("--require-tool", "make the first model call call a tool (helps small models that answer from memory)")
    .option("--instructions <text>", "extra instructions for the agent")
    .addOption(tagOption())
    .option("--json", "print one JSON object (answer, stop reason, steps, tool calls, usage, trace id) instead of progress")
    .action((words: string[], options: AgentCommandOptions) =>
      runAction(async (context) => (await import("../actions/agent.js")).agent(context, words, options)),
    );
}
