import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadAgentTools, runAgent } from "../../src/agents/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { containsFact } from "./contains-fact.js";
import type { ToolTask } from "./fixtures.js";

/** Limits of one task's agent run: enough for a two-step task with a retry, bounded on a slow machine. */
const taskBudgets = { maxSteps: 6, maxTimeMs: 180_000 };

/** What one tool task did, for the results file. */
export interface ToolTaskOutcome {
  id: string;
  passed: boolean;
  /** The final answer stated an expected value. */
  answerOk: boolean;
  /** Every expected tool ran without error (or, for a no-tool task, no tool was called). */
  toolsOk: boolean;
  answer: string;
  stopReason: string;
  /** Tool calls in order; `!` marks one that failed. */
  toolsCalled: string[];
  seconds: number;
  /** Set when the run threw; the task then counts as failed. */
  error?: string;
}

/**
 * Runs one task through `runAgent` the way `flywheel agent --tools ... --root <folder> --yes`
 * does (native tool calls, risky tools approved), at temperature 0, in a fresh temporary
 * folder holding the task's files. Passes when the run ended with an answer that states an
 * expected value and every expected tool was called successfully (no tool at all for a
 * no-tool task). A run that throws fails with its error recorded.
 */
export async function runToolTask(flywheel: Flywheel, model: string, task: ToolTask): Promise<ToolTaskOutcome> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-local-tasks-"));
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    for (const [file, content] of Object.entries(task.files ?? {})) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      writeFileSync(path.join(folder, file), content);
    }
    const loaded = await loadAgentTools(flywheel, { builtIn: task.tools, filesRoot: folder });
    try {
      const result = await runAgent(flywheel, { objective: task.objective, model, tools: loaded.tools, temperature: 0, budgets: taskBudgets, approve: () => true });
      const succeeded = new Set(result.toolCalls.filter((call) => !call.isError).map((call) => call.name));
      const toolsOk = task.expectedTools.length === 0 ? result.toolCalls.length === 0 : task.expectedTools.every((name) => succeeded.has(name));
      const answerOk = result.stopReason === "final-answer" && task.expected.some((value) => containsFact(result.text, value));
      return {
        id: task.id,
        passed: answerOk && toolsOk,
        answerOk,
        toolsOk,
        answer: result.text,
        stopReason: result.stopReason,
        toolsCalled: result.toolCalls.map((call) => `${call.name}${call.isError ? "!" : ""}`),
        seconds: seconds(),
      };
    } finally {
      await loaded.close();
    }
  } catch (error) {
    return { id: task.id, passed: false, answerOk: false, toolsOk: false, answer: "", stopReason: "error", toolsCalled: [], seconds: seconds(), error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
