import type { loadAgentTools } from "../../agents/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { AgentTargetSpec } from "../suite/eval-suite.js";
import type { EvalTarget, TrajectoryStep } from "./eval-target.js";
import { targetQuestion } from "./target-question.js";

/**
 * An agent as a target: each case's objective runs through the tool loop (or the planner)
 * with the spec's tools and budgets. The trajectory (one `step` per model call, one
 * `tool-call` per tool call with input and output) and the cost are kept for assertions
 * such as `trajectory:tool-used`, `trajectory:step-count` and `cost`.
 */
export function agentTarget(flywheel: Flywheel, spec: AgentTargetSpec): EvalTarget {
  const { settings } = spec;
  let loaded: ReturnType<typeof loadAgentTools> | undefined;
  return {
    id: spec.id,
    label: spec.label,
    async call(input, options) {
      // Loaded on first call: agents (and the tools they bring) cost every eval's start-up otherwise.
      const { loadAgentTools, runAgent, runPlanner } = await import("../../agents/index.js");
      loaded ??= loadAgentTools(flywheel, { builtIn: settings.tools ?? [], mcpServers: settings.mcp ?? [], ...(settings.root === undefined ? {} : { filesRoot: settings.root }) });
      const { tools } = await loaded;
      const run = settings.plan === true ? runPlanner : runAgent;
      const result = await run(flywheel, {
        objective: targetQuestion(input),
        model: spec.modelId,
        tools,
        budgets: { maxSteps: settings.maxSteps, maxTimeMs: settings.maxTimeMs, maxTokens: settings.maxTokens, maxCostUsd: settings.maxCostUsd },
        // An eval has no one to ask: risky tools run only when the suite named them.
        approve: async () => true,
        abortSignal: options.signal,
        ...(settings.instructions === undefined ? {} : { instructions: settings.instructions }),
        ...(settings.prompted === true ? { toolCallMode: "prompted" as const } : {}),
        ...(settings.requireTool === true ? { toolChoice: "required-first" as const } : {}),
        ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
      });
      const trajectory: TrajectoryStep[] = [
        ...Array.from({ length: result.modelCalls }, (): TrajectoryStep => ({ type: "step" })),
        ...result.toolCalls.map((call): TrajectoryStep => ({ type: "tool-call", name: call.name, input: call.input, output: call.output })),
      ];
      return {
        output: result.text,
        trajectory,
        costUsd: result.costUsd,
        tokenUsage: { input: result.usage.inputTokens, output: result.usage.outputTokens },
        metadata: { traceId: result.traceId, stopReason: result.stopReason, steps: result.modelCalls, toolCalls: result.toolCalls.length },
      };
    },
    async close() {
      if (loaded !== undefined) await (await loaded).close();
    },
  };
}
