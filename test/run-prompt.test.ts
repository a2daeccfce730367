import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parsePromptFile, runPrompt } from "../src/prompts/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { FlywheelAttributes, GenAi } from "../src/traces/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };

useProtocolServer((started) => (server = started));
beforeEach(async () => {
  server.reset();
  flywheel = await flywheelAgainst(server);
});
afterEach(async () => {
  await flywheel.close();
});

const rootOf = async (traceId: string) => {
  await flywheel.tracing.flush();
  const { spans } = (await flywheel.store.traces.getTrace(traceId))!;
  return { root: spans.find((span) => span.parentSpanId === null)!, model: spans.find((span) => span.kind === "model")! };
};

describe("runPrompt with a prompt file and labels", () => {
  it("renders the file with vars, takes its model and parameters, and labels the trace with its name, path, tags and conversation", async () => {
    const file = path.join(flywheel.folder, "triage.prompt.md");
    writeFileSync(file, "---\nmodel: openai:gpt-4o-mini\nsystem: You sort {{kind}} tickets.\nmaxTokens: 50\n---\nTicket: {{ticket}}\n");
    const result = await runPrompt(flywheel, { promptFile: file, vars: { kind: "billing", ticket: "I was charged twice" }, tags: ["support"], conversationId: "ticket-42" });
    expect(result).toMatchObject({ model: "openai:gpt-4o-mini", text: "You said: Ticket: I was charged twice" });
    const { root, model } = await rootOf(result.traceId);
    expect(root.attributes).toMatchObject({
      [FlywheelAttributes.promptName]: "triage",
      [FlywheelAttributes.promptFile]: file,
      [FlywheelAttributes.tags]: ["support"],
      [FlywheelAttributes.conversationId]: "ticket-42",
    });
    expect(model.attributes).toMatchObject({ [GenAi.requestMaxTokens]: 50, [GenAi.systemInstructions]: JSON.stringify([{ type: "text", content: "You sort billing tickets." }]) });
  });

  it("takes a prompt name given in code over the file's, and labels a plain prompt run too", async () => {
    const parsed = parsePromptFile("---\nname: sorter\n---\nSort {{input}}", { file: "sorter.prompt.md" });
    const named = await runPrompt(flywheel, { model: "openai:gpt-4o-mini", promptFile: parsed, vars: { input: "this" }, promptName: "sorter-v2" });
    expect((await rootOf(named.traceId)).root.attributes[FlywheelAttributes.promptName]).toBe("sorter-v2");
    const plain = await runPrompt(flywheel, { model: "openai:gpt-4o-mini", prompt: "hi", promptName: "greeting", tags: ["a", "b"] });
    expect((await rootOf(plain.traceId)).root.attributes).toMatchObject({ [FlywheelAttributes.promptName]: "greeting", [FlywheelAttributes.tags]: ["a", "b"] });
  });

  it("refuses a prompt file and a prompt at once", async () => {
    const parsed = parsePromptFile("Say {{input}}", { file: "say.prompt.md" });
    await expect(runPrompt(flywheel, { model: "openai:gpt-4o-mini", promptFile: parsed, prompt: "hi" })).rejects.toThrow(/both a prompt file \(say\) and a prompt were given/);
  });
});
