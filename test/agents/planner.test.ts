import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { calculatorTool, runPlanner } from "../../src/agents/index.js";
import type { AgentEvent } from "../../src/agents/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { useProtocolServer } from "../support/protocol-server/index.js";
import type { NormalizedRequest, ProtocolServer, ReplySpec } from "../support/protocol-server/index.js";

let server: ProtocolServer;
let flywheel: Flywheel;

useProtocolServer((started) => (server = started));
beforeEach(async () => {
  server.reset();
  flywheel = await flywheelAgainst(server);
});
afterEach(async () => {
  await flywheel.close();
});

const lastUser = (request: NormalizedRequest) => request.messages.filter((message) => message.role === "user").at(-1)?.content ?? "";

/** A scripted planner: plans two tasks, adds a third after the first, and declares the objective met after the third. */
function plannerScript(request: NormalizedRequest): ReplySpec {
  const prompt = lastUser(request);
  if (request.responseFormat !== undefined) {
    if (prompt.includes("Break the objective")) return { json: { tasks: ["Compute 37 * 91", "Compute 12 squared", "compute 37 * 91 "] } };
    const done = (prompt.match(/^\[x\] /gm) ?? []).length;
    if (done === 1) return { json: { done: false, answer: "", tasks: ["Compute 12 squared", "Add the two results"] } };
    if (done === 2) return { json: { done: false, answer: "", tasks: ["Add the two results"] } };
    return { json: { done: true, answer: "37 * 91 + 12^2 = 3511", tasks: [] } };
  }
  const results = request.messages.filter((message) => message.role === "tool");
  if (results.length > 0) return { text: results.at(-1)!.content };
  if (prompt.includes("Your task now: Compute 37 * 91")) return { toolCalls: [{ name: "calculator", arguments: { expression: "37 * 91" } }] };
  if (prompt.includes("Your task now: Compute 12 squared")) return { toolCalls: [{ name: "calculator", arguments: { expression: "12 ^ 2" } }] };
  return { toolCalls: [{ name: "calculator", arguments: { expression: "3367 + 144" } }] };
}

describe("runPlanner", () => {
  it("keeps a task list: plans, executes tasks with tools, adds and completes tasks, stops when the objective is met", async () => {
    server.script("planner", plannerScript);
    const events: AgentEvent[] = [];
    const result = await runPlanner(flywheel, { objective: "What is 37 * 91 plus 12 squared?", model: "openai:planner", tools: [calculatorTool()], onEvent: (event) => events.push(event) });
    expect(result.stopReason).toBe("objective-met");
    expect(result.text).toBe("37 * 91 + 12^2 = 3511");
    expect(result.tasks!.map((task) => [task.id, task.description, task.status, task.result])).toEqual([
      [1, "Compute 37 * 91", "done", "3367"],
      [2, "Compute 12 squared", "done", "144"],
      [3, "Add the two results", "done", "3511"],
    ]);
    expect(result.toolCalls.map((call) => call.output)).toEqual(["3367", "144", "3511"]);
    // 3 tasks x 2 tool-loop steps; with 1 plan and 3 updates, 10 model calls.
    expect(result.steps).toHaveLength(6);
    expect(result.modelCalls).toBe(10);
    const updates = events.filter((event) => event.type === "plan-update");
    expect(updates.map((event) => event.reason)).toEqual(["created", "updated", "updated", "objective met"]);
    await flywheel.tracing.flush();
    const trace = await flywheel.store.traces.getTrace(result.traceId);
    const plans = trace!.spans.filter((span) => span.kind === "plan");
    expect(plans.map((span) => span.name)).toEqual(["plan create", "plan update", "plan update", "plan update"]);
    expect(plans[1]!.attributes["flywheel.output"]).toBe("[x] 1. Compute 37 * 91 -> 3367\n[ ] 2. Compute 12 squared\n[ ] 3. Add the two results");
    expect(trace!.spans.filter((span) => span.kind === "task").map((span) => span.name)).toEqual(["task 1", "task 2", "task 3"]);
    expect(trace!.spans.find((span) => span.parentSpanId === null)!.name).toBe("agent plan");
  });

  it("counts planning against the budgets and stops with the task list showing where", async () => {
    server.script("planner", plannerScript);
    const result = await runPlanner(flywheel, { objective: "What is 37 * 91 plus 12 squared?", model: "openai:planner", tools: [calculatorTool()], budgets: { maxSteps: 4 } });
    expect(result.stopReason).toBe("max-steps");
    expect(result.tasks!.map((task) => task.status)).toEqual(["done", "failed", "open"]);
    expect(result.tasks![1]!.result).toBe("stopped: the step budget of 4 model calls is spent");
  });

  it("falls back to the objective as the only task when the plan does not parse", async () => {
    server.script("planner", (request) => (request.responseFormat !== undefined ? { text: "not json" } : { text: "the answer" }));
    const result = await runPlanner(flywheel, { objective: "Say the answer", model: "openai:planner" });
    expect(result.tasks!.map((task) => task.description)).toEqual(["Say the answer"]);
    expect(result.tasks![0]!.status).toBe("done");
    expect(result.stopReason).toBe("no-tasks-left");
    expect(result.text).toBe("the answer");
  });
});
