import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "../support/flywheel-fixture.js";
import { useProtocolServer } from "../support/protocol-server/index.js";
import type { NormalizedRequest, ProtocolServer, ReplySpec } from "../support/protocol-server/index.js";
import { runCli } from "../support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-agent-cli-");
  writeFileSync(path.join(cwd, "numbers.txt"), "base: 37\nmultiplier: 91\nbonus: 12\n");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "cli-agent-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
});

/** Reads the file, computes base * multiplier + bonus with the calculator, answers. */
function fileAndMathAgent(request: NormalizedRequest): ReplySpec {
  const results = request.messages.filter((message) => message.role === "tool");
  if (results.length === 0) return { text: "Let me read the file.", toolCalls: [{ name: "read_file", arguments: { path: "numbers.txt" } }] };
  if (results.length === 1) {
    const value = (key: string) => new RegExp(`${key}: (\\d+)`).exec(results[0]!.content)![1];
    return { toolCalls: [{ name: "calculator", arguments: { expression: `${value("base")} * ${value("multiplier")} + ${value("bonus")}` } }] };
  }
  return { text: `The result is ${results[1]!.content}.` };
}

describe("flywheel agent", () => {
  it("solves a multi-step task with tools, prints the steps and the answer, and the trace shows every step", async () => {
    server.script("cli-agent", fileAndMathAgent);
    const run = await runCli(["agent", "Compute base * multiplier + bonus from numbers.txt", "--model", "openai:cli-agent", "--tools", "calculator,read_file"], { cwd, env });
    expect(run.stderr).toContain("→ read_file {\"path\":\"numbers.txt\"}");
    expect(run.stderr).toContain("← calculator: 3379");
    expect(run.stderr).toMatch(/final-answer · 3 model calls · 2 tool calls · \d+ in \/ \d+ out · \$[\d.e-]+ · .+ · trace [0-9a-f]{12}/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Let me read the file.\nThe result is 3379.\n");
    const traceId = /trace ([0-9a-f]{12})\n$/.exec(run.stderr)![1]!;
    const show = await runCli(["traces", "show", traceId], { cwd, env });
    expect(show.code).toBe(0);
    for (const line of ["agent  ok", "stop: final-answer", "step 1", "step 2", "step 3", "tool read_file", "tool calculator", "chat cli-agent"]) expect(show.stdout).toContain(line);
    expect(show.stdout).toContain('input: {"expression":"37 * 91 + 12"}');
    expect(show.stdout).toContain("output: 3379");
  });

  it("gets a tool error for a FIFO in the folder at once, instead of hanging on it", async () => {
    execFileSync("mkfifo", [path.join(cwd, "pipe")]);
    server.script("piper", (request) => {
      const result = request.messages.find((message) => message.role === "tool");
      return result === undefined ? { toolCalls: [{ name: "read_file", arguments: { path: "pipe" } }] } : { text: `the tool said: ${result.content}` };
    });
    const started = performance.now();
    const run = await runCli(["agent", "read the pipe", "--model", "openai:piper", "--tools", "read_file", "--max-time", "20s"], { cwd, env, timeoutMs: 20_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('error: \\"pipe\\" is not a regular file or folder (a pipe, socket or device)');
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("stops cleanly on a budget with a message saying which, exit 1", async () => {
    server.script("looper", (request) => ({ toolCalls: [{ name: "calculator", arguments: { expression: `${request.callIndex} + 1` } }] }));
    const run = await runCli(["agent", "count forever", "--model", "openai:looper", "--tools", "calculator", "--max-steps", "2"], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("stopped: the step budget of 2 model calls is spent");
    expect(run.stderr).not.toContain("    at ");
  });

  it("caps the tool calls of a step (--max-tool-calls-per-step) and of the run (--max-tool-calls)", async () => {
    server.script("flood", (request) => ({ toolCalls: Array.from({ length: 500 }, (_, index) => ({ name: "calculator", arguments: { expression: `${request.callIndex} + ${index}` } })) }));
    const perStep = await runCli(["agent", "add", "--model", "openai:flood", "--tools", "calculator", "--max-steps", "2", "--max-tool-calls-per-step", "3"], { cwd, env });
    expect(perStep.stderr).toMatch(/max-steps · 2 model calls · 6 tool calls/);
    expect(perStep.code).toBe(1);
    const total = await runCli(["agent", "add", "--model", "openai:flood", "--tools", "calculator", "--max-tool-calls", "20"], { cwd, env });
    expect(total.stderr).toContain("stopped: the tool call budget of 20 calls is spent");
    expect(total.stderr).toMatch(/max-tool-calls · 2 model calls · 20 tool calls/);
    expect(total.code).toBe(1);
  });

  it("prints the trajectory as JSON", async () => {
    server.script("cli-agent", fileAndMathAgent);
    const run = await runCli(["agent", "compute", "--model", "openai:cli-agent", "--tools", "calculator,read_file", "--json"], { cwd, env });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { text: string; stopReason: string; toolCalls: { name: string; output: string }[]; traceId: string; costUsd: number };
    expect(result).toMatchObject({ text: "The result is 3379.", stopReason: "final-answer" });
    expect(result.toolCalls.map((call) => call.name)).toEqual(["read_file", "calculator"]);
  });

  it("shows the task list with --plan", async () => {
    server.script("cli-planner", (request) => {
      const prompt = request.messages.filter((message) => message.role === "user").at(-1)?.content ?? "";
      if (request.responseFormat !== undefined) {
        return prompt.includes("Break the objective") ? { json: { tasks: ["Read numbers.txt", "Compute the result"] } } : (prompt.match(/^\[x\] /gm) ?? []).length < 2 ? { json: { done: false, answer: "", tasks: ["Compute the result"] } } : { json: { done: true, answer: "3379", tasks: [] } };
      }
      if (request.messages.some((message) => message.role === "tool")) return { text: request.messages.filter((message) => message.role === "tool").at(-1)!.content };
      return prompt.includes("Your task now: Read") ? { toolCalls: [{ name: "read_file", arguments: { path: "numbers.txt" } }] } : { toolCalls: [{ name: "calculator", arguments: { expression: "37 * 91 + 12" } }] };
    });
    const run = await runCli(["agent", "compute", "--plan", "--model", "openai:cli-planner", "--tools", "calculator,read_file"], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("plan (created)\n  [ ] 1. Read numbers.txt\n  [ ] 2. Compute the result");
    expect(run.stderr).toContain("task 2: Compute the result");
    expect(run.stderr).toContain("[x] 2. Compute the result -> 3379");
    expect(run.stdout.trim().split("\n").at(-1)).toBe("3379");
  });

  it("refuses unknown tools (exit 2) and risky tools with no one to approve them", async () => {
    const unknown = await runCli(["agent", "hi", "--model", "openai:x", "--tools", "shell"], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown tool "shell"\nhint: choose from calculator, read_file/);
    server.script("coder", (request) => (request.messages.some((message) => message.role === "tool") ? { text: "gave up" } : { toolCalls: [{ name: "run_js", arguments: { code: "1+1" } }] }));
    const denied = await runCli(["agent", "run code", "--model", "openai:coder", "--tools", "run_js"], { cwd, env });
    expect(denied.code).toBe(0);
    expect(denied.stderr).toContain("warning: run_js needs approval and there is no terminal to ask on: refused (run with --yes to approve risky tools)");
    expect(denied.stderr).toContain("✗ denied run_js");
    const approved = await runCli(["agent", "run code", "--model", "openai:coder", "--tools", "run_js", "--yes"], { cwd, env });
    expect(approved.stderr).toContain("← run_js: 2");
  });
});
