import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { agentEvalTarget, calculatorTool, defineTool, runAgent } from "../../src/agents/index.js";
import type { AgentEvent } from "../../src/agents/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { useProtocolServer } from "../support/protocol-server/index.js";
import type { NormalizedRequest, ProtocolServer } from "../support/protocol-server/index.js";

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

const toolMessages = (request: NormalizedRequest) => request.messages.filter((message) => message.role === "tool");

describe("runAgent", () => {
  it("solves a multi-step task: parallel tool calls, results fed back, final answer", async () => {
    server.script("planner-model", (request) => {
      const results = toolMessages(request);
      if (results.length === 0) {
        return { toolCalls: [{ name: "calculator", arguments: { expression: "37 * 91" } }, { name: "lookup", arguments: { key: "bonus" } }, { name: "lookup", arguments: { key: "none" } }] };
      }
      if (results.length === 3) return { toolCalls: [{ name: "calculator", arguments: { expression: `${results[0]!.content} + ${results[1]!.content} + ${results[2]!.content}` } }] };
      return { text: `The total is ${results.at(-1)!.content}.` };
    });
    let running = 0;
    let maxRunning = 0;
    const lookup = defineTool({
      name: "lookup",
      description: "Looks up a number by key",
      inputSchema: z.object({ key: z.string() }),
      execute: async ({ key }) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
        return key === "bonus" ? "12" : "0";
      },
    });
    const events: AgentEvent[] = [];
    const result = await runAgent(flywheel, {
      objective: "What is 37 * 91 plus the bonus?",
      model: "openai:planner-model",
      tools: [calculatorTool(), lookup],
      onEvent: (event) => events.push(event),
    });
    expect(result.stopReason).toBe("final-answer");
    expect(result.text).toBe("The total is 3379.");
    expect(result.toolCalls.map((call) => [call.name, call.output])).toEqual([
      ["calculator", "3367"],
      ["lookup", "12"],
      ["lookup", "0"],
      ["calculator", "3379"],
    ]);
    expect(maxRunning).toBe(2);
    expect(result.steps).toHaveLength(3);
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(events.map((event) => event.type)).toEqual([
      "run-start",
      "step-start",
      "tool-call-start",
      "tool-call-start",
      "tool-call-start",
      "tool-call-end",
      "tool-call-end",
      "tool-call-end",
      "step-end",
      "step-start",
      "tool-call-start",
      "tool-call-end",
      "step-end",
      "step-start",
      "text-delta",
      "text-delta",
      "text-delta",
      "text-delta",
      "step-end",
      "run-end",
    ]);
    await flywheel.tracing.flush();
    const trace = await flywheel.store.traces.getTrace(result.traceId);
    const names = trace!.spans.map((span) => span.name);
    expect(names.filter((name) => name.startsWith("chat "))).toHaveLength(3);
    expect(names.filter((name) => name.startsWith("tool "))).toEqual(["tool calculator", "tool lookup", "tool lookup", "tool calculator"]);
    const root = trace!.spans.find((span) => span.parentSpanId === null)!;
    expect(root.name).toBe("agent");
    expect(root.attributes["flywheel.agent.stop_reason"]).toBe("final-answer");
    const toolSpan = trace!.spans.find((span) => span.name === "tool lookup" && span.attributes["flywheel.output"] === "12")!;
    expect(toolSpan.attributes["flywheel.input"]).toBe('{"key":"bonus"}');
    expect(toolSpan.attributes["flywheel.output"]).toBe("12");
  });
});

describe("agentEvalTarget", () => {
  it("returns the answer and the trajectory for assertions", async () => {
    server.script("eval-model", (request) => (toolMessages(request).length === 0 ? { toolCalls: [{ name: "calculator", arguments: { expression: "6 * 7" } }] } : { text: "42" }));
    const target = agentEvalTarget(flywheel, { model: "openai:eval-model", tools: [calculatorTool()], budgets: { maxSteps: 4 } });
    const { output, trajectory, traceId } = await target("What is 6 * 7?");
    expect(output).toBe("42");
    expect(trajectory).toMatchObject({ steps: 2, stopReason: "final-answer", toolCalls: [{ name: "calculator", input: { expression: "6 * 7" }, output: "42", isError: false }] });
    expect(trajectory.tokens).toBeGreaterThan(0);
    expect(trajectory.costUsd).toBe(0);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
