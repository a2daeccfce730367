import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { createExperimentAssigner, MissingUnitError, UnknownExperimentError } from "../src/experiments/index.js";
import { parsePromptFile } from "../src/prompts/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { startServer } from "../src/server/index.js";
import { FlywheelAttributes } from "../src/traces/index.js";
import type { RunningServer } from "../src/server/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

const greetingA = `---
name: greeting
model: openai:gpt-4o-mini
temperature: 0.1
system: You greet people.
---
Say hello to {{name}}.
`;
const greetingB = `---
name: greeting
model: openai:gpt-4o
temperature: 0.9
system: You greet people warmly.
---
Give {{name}} a warm welcome.
`;

let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
const hashA = parsePromptFile(greetingA).hash;
const hashB = parsePromptFile(greetingB).hash;

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, {
    config: {
      defaultModel: "openai:gpt-4o-mini",
      experiments: {
        greeting: { variants: { A: { prompt: "prompts/greeting-a.prompt.md" }, B: { prompt: "prompts/greeting-b.prompt.md", temperature: 0.5 } }, unit: "user" },
        models: { variants: { small: { model: "openai:gpt-4o-mini", weight: 50 }, large: { model: "openai:gpt-4o", weight: 50, maxTokens: 64 } }, unit: "session" },
        perRequest: { variants: { one: {}, two: {} }, unit: "request" },
        shipped: { variants: { A: {}, B: {} } },
        stopped: { variants: { A: {}, B: {} } },
      },
    },
  });
  mkdirSync(path.join(flywheel.folder, "prompts"));
  writeFileSync(path.join(flywheel.folder, "prompts", "greeting-a.prompt.md"), greetingA);
  writeFileSync(path.join(flywheel.folder, "prompts", "greeting-b.prompt.md"), greetingB);
  server = await startServer({ flywheel, port: 0, webRoot: flywheel.folder });
});
afterAll(async () => {
  await server.close();
  await flywheel.close();
  await upstream.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string; hint?: string } }).error;
/** The text of an SSE chat stream, its deltas joined. */
const streamedText = (body: string) =>
  body
    .split("\n")
    .filter((line) => line.startsWith("data: {"))
    .map((line) => ((JSON.parse(line.slice(6)) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? ""))
    .join("");
const lastUpstreamBody = () => upstream.requests.at(-1)!.body as { model: string; temperature?: number; max_tokens?: number; messages: { role: string; content: string }[] };

/** Two users the hash puts in A and B (found, not assumed). */
async function usersInEachVariant(): Promise<{ A: string; B: string }> {
  const found: Record<string, string> = {};
  for (let index = 0; Object.keys(found).length < 2; index += 1) {
    const assignment = await flywheel.experiment("greeting").variantFor(`user-${index}`);
    found[assignment.variant] ??= `user-${index}`;
  }
  return found as { A: string; B: string };
}

describe("assignment", () => {
  it("is sticky per unit, the winner once shipped, the control once stopped, and reads the state at most once per TTL", async () => {
    let clock = 1_000_000;
    const assigner = createExperimentAssigner({ config: flywheel.config, store: flywheel.store, stateTtlMs: 2_000, now: () => clock });
    const before = await Promise.all(Array.from({ length: 50 }, (_, index) => assigner.assign("shipped", { unit: `u${index}` })));
    expect(new Set(before.map((assignment) => assignment.variant))).toEqual(new Set(["A", "B"]));
    expect((await flywheel.store.experiments.state("shipped"))!.status).toBe("running");
    const inB = before.find((assignment) => assignment.variant === "A")!.unit;
    await flywheel.store.experiments.ship("shipped", "B", clock);
    await flywheel.store.experiments.stop("stopped", clock);
    // Within the TTL the cached state stands; after it, every unit gets the winner.
    expect((await assigner.assign("shipped", { unit: inB })).variant).toBe("A");
    clock += 2_001;
    const after = await Promise.all(Array.from({ length: 50 }, (_, index) => assigner.assign("shipped", { unit: `u${index}` })));
    expect(new Set(after.map((assignment) => assignment.variant))).toEqual(new Set(["B"]));
    const stopped = await Promise.all(Array.from({ length: 50 }, (_, index) => assigner.assign("stopped", { unit: `u${index}` })));
    expect(new Set(stopped.map((assignment) => assignment.variant))).toEqual(new Set(["A"]));
  });

  it("refuses an unknown experiment and a missing unit with one-line errors and hints, and draws a fresh unit per request", async () => {
    await expect(flywheel.experiment("nope").variantFor("u1")).rejects.toThrow(UnknownExperimentError);
    await expect(flywheel.experiment("nope").variantFor("u1")).rejects.toMatchObject({ code: "unknown-experiment", hint: expect.stringContaining("greeting") });
    await expect(flywheel.experiment("greeting").variantFor()).rejects.toThrow(MissingUnitError);
    await expect(flywheel.experiment("greeting").run({ vars: { name: "Ada" } })).rejects.toMatchObject({ code: "missing-unit", hint: expect.stringContaining("unit") });
    const units = await Promise.all(Array.from({ length: 20 }, () => flywheel.experiment("perRequest").variantFor()));
    expect(new Set(units.map((assignment) => assignment.unit)).size).toBe(20);
    expect(new Set(units.map((assignment) => assignment.variant))).toEqual(new Set(["one", "two"]));
  });

  it("refuses weights that do not sum sensibly and an unknown metric in config, in one line that says where", async () => {
    const folder = temporaryFolder();
    writeFileSync(path.join(folder, "flywheel.config.yaml"), "experiments:\n  greeting:\n    variants:\n      A: { weight: 60 }\n      B: { weight: 60 }\n");
    const file = path.join(folder, "flywheel.config.yaml");
    const weights = await loadConfig({ cwd: folder, env: {} }).catch((error: unknown) => error as Error);
    expect(weights).toBeInstanceOf(Error);
    expect((weights as Error).message).toBe(`${file}: experiments.greeting.variants: expected weights summing to 1 or to 100 (these sum to 120), found {"A":60,"B":60}`);
    writeFileSync(file, "experiments:\n  greeting:\n    variants:\n      A: { weight: 60 }\n      B: {}\n");
    const some = await loadConfig({ cwd: folder, env: {} }).catch((error: unknown) => error as Error);
    expect((some as Error).message).toBe(`${file}: experiments.greeting.variants: expected a weight on every variant, or on none for equal shares, found {"A":60,"B":null}`);
    writeFileSync(path.join(folder, "flywheel.config.yaml"), "experiments:\n  greeting:\n    metric: happiness\n    variants:\n      A: {}\n      B: {}\n");
    const metric = await loadConfig({ cwd: folder, env: {} }).catch((error: unknown) => error as Error);
    expect((metric as Error).message).toMatch(/experiments\.greeting\.metric/);
    expect((metric as Error).message).not.toContain("\n");
  });
});

describe("flywheel.experiment(name).run", () => {
  it("runs the unit's variant (prompt version, model, parameters) and labels the trace with experiment, variant, unit and prompt hash", async () => {
    const users = await usersInEachVariant();
    const a = await flywheel.experiment("greeting").run({ unit: users.A, vars: { name: "Ada" } });
    expect(a.variant).toBe("A");
    expect(a.text).toBe("You said: Say hello to Ada.");
    expect(lastUpstreamBody()).toMatchObject({ model: "gpt-4o-mini", temperature: 0.1 });
    const b = await flywheel.experiment("greeting").run({ unit: users.B, vars: { name: "Bo" } });
    expect(b.variant).toBe("B");
    expect(b.text).toBe("You said: Give Bo a warm welcome.");
    // The variant's own temperature wins over its prompt file's.
    expect(lastUpstreamBody()).toMatchObject({ model: "gpt-4o", temperature: 0.5 });
    await flywheel.tracing.flush();
    const samples = await flywheel.store.experiments.samples("greeting");
    expect(samples.find((sample) => sample.traceId === a.traceId)).toMatchObject({ variant: "A", unit: users.A });
    expect(samples.find((sample) => sample.traceId === b.traceId)).toMatchObject({ variant: "B", unit: users.B });
    expect((await flywheel.store.traces.getTrace(a.traceId))!.summary).toMatchObject({ experiment: "greeting", variant: "A", promptName: "greeting", promptHash: hashA });
    expect((await flywheel.store.traces.getTrace(b.traceId))!.summary.promptHash).toBe(hashB);
    expect((await flywheel.store.prompts.versions("greeting")).map((version) => version.hash).sort()).toEqual([hashA, hashB].sort());
  });

  it("sends the caller's prompt to a variant that names no prompt file, and refuses a call with none", async () => {
    const result = await flywheel.experiment("perRequest").run({ prompt: "hi there" });
    expect(result.text).toBe("You said: hi there");
    expect(["one", "two"]).toContain(result.variant);
    await expect(flywheel.experiment("perRequest").run({})).rejects.toMatchObject({ code: "usage", hint: expect.stringContaining("experiments.perRequest.variants") });
  });
});

describe("/v1/chat/completions with experiment: and prompt: models", () => {
  it("assigns by the user field or x-flywheel-unit (the header wins), applies the variant, and names experiment, variant and trace in headers", async () => {
    const users = await usersInEachVariant();
    const response = await post({ model: "experiment:greeting", user: users.B, messages: [], variables: { name: "Cy" }, temperature: 0 });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-flywheel-experiment")).toBe("greeting");
    expect(response.headers.get("x-flywheel-variant")).toBe("B");
    expect(response.headers.get("x-flywheel-prompt")).toBe(`greeting@${hashB.slice(0, 8)}`);
    const body = (await response.json()) as { model: string; choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toBe("You said: Give Cy a warm welcome.");
    // The variant's temperature wins over the request's: it is what the experiment tests.
    expect(lastUpstreamBody()).toMatchObject({ model: "gpt-4o", temperature: 0.5 });
    expect(lastUpstreamBody().messages[0]).toEqual({ role: "system", content: "You greet people warmly." });
    const header = await post({ model: "experiment:greeting", user: users.B, messages: [], variables: { name: "Cy" } }, { "x-flywheel-unit": users.A });
    expect(header.headers.get("x-flywheel-variant")).toBe("A");
    const traceId = response.headers.get("x-flywheel-trace-id")!;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await flywheel.tracing.flush();
    const feedback = await fetch(`${server.url}/api/traces/${traceId}/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ label: "good" }) });
    expect(feedback.status).toBe(201);
    const sample = (await flywheel.store.experiments.samples("greeting")).find((entry) => entry.traceId === traceId)!;
    expect(sample).toMatchObject({ variant: "B", unit: users.B, feedback: 1 });
    const detail = (await flywheel.store.traces.getTrace(traceId))!;
    expect(detail.summary.promptHash).toBe(hashB);
  });

  it("streams an experiment's variant with the same headers, and assigns a session experiment by x-flywheel-session", async () => {
    const response = await post({ model: "experiment:models", stream: true, messages: [{ role: "user", content: "stream me" }] }, { "x-flywheel-session": "session-42" });
    expect(response.status).toBe(200);
    const variant = response.headers.get("x-flywheel-variant")!;
    expect(["small", "large"]).toContain(variant);
    const text = await response.text();
    expect(streamedText(text)).toBe("You said: stream me");
    expect(text).toContain("[DONE]");
    expect(lastUpstreamBody().model).toBe(variant === "small" ? "gpt-4o-mini" : "gpt-4o");
    const again = await post({ model: "experiment:models", messages: [{ role: "user", content: "again" }] }, { "x-flywheel-session": "session-42" });
    expect(again.headers.get("x-flywheel-variant")).toBe(variant);
    const traceId = response.headers.get("x-flywheel-trace-id")!;
    await flywheel.tracing.flush();
    const spans = (await flywheel.store.traces.getTrace(traceId))!.spans;
    expect(spans[0]!.attributes).toMatchObject({ [FlywheelAttributes.experiment]: "models", [FlywheelAttributes.experimentVariant]: variant, [FlywheelAttributes.experimentUnit]: "session-42" });
  });

  it("serves prompt:<name>@<hash> from the file or a stored version, streamed and not, with the request's messages after the prompt's", async () => {
    const plain = await post({ model: `prompt:greeting-a`, messages: [], variables: { name: "Di" }, max_tokens: 20 });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("x-flywheel-prompt")).toBe(`greeting@${hashA.slice(0, 8)}`);
    expect(plain.headers.get("x-flywheel-experiment")).toBeNull();
    expect(((await plain.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("You said: Say hello to Di.");
    // The prompt's parameters apply unless the request sets them.
    expect(lastUpstreamBody()).toMatchObject({ model: "gpt-4o-mini", temperature: 0.1, max_tokens: 20 });
    const streamed = await post({ model: `prompt:greeting@${hashB.slice(0, 8)}`, stream: true, variables: { name: "Ed" }, messages: [{ role: "user", content: "and then?" }] });
    expect(streamed.status).toBe(200);
    expect(streamedText(await streamed.text())).toBe("You said: and then?");
    expect(lastUpstreamBody().messages.map((message) => message.role)).toEqual(["system", "user", "user"]);
    expect(lastUpstreamBody().messages[1]!.content).toBe("Give Ed a warm welcome.");
    await flywheel.tracing.flush();
    const summary = (await flywheel.store.traces.getTrace(streamed.headers.get("x-flywheel-trace-id")!))!.summary;
    expect(summary).toMatchObject({ promptName: "greeting", promptHash: hashB });
  });

  it("names the trace of a plain model's answer too", async () => {
    const response = await post({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "plain" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-flywheel-trace-id")).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get("x-flywheel-variant")).toBeNull();
  });

  it("answers 404 for an unknown experiment or prompt, 400 for a missing unit, variable or message, with hints, and calls no model", async () => {
    const before = upstream.requests.length;
    const cases: [unknown, Record<string, string>, number, string, RegExp][] = [
      [{ model: "experiment:nope", user: "u1", messages: [{ role: "user", content: "x" }] }, {}, 404, "unknown-experiment", /greeting/],
      [{ model: "prompt:nope", messages: [] }, {}, 404, "unknown-prompt", /prompts/],
      [{ model: "prompt:greeting@0000dead", messages: [] }, {}, 404, "unknown-prompt", /prompts history greeting/],
      [{ model: "experiment:greeting", messages: [], variables: { name: "x" } }, {}, 400, "missing-unit", /x-flywheel-unit.*"user"/],
      [{ model: "experiment:models", messages: [{ role: "user", content: "x" }] }, {}, 400, "missing-unit", /x-flywheel-session/],
      [{ model: "prompt:greeting-a", messages: [] }, {}, 400, "missing-variable", /"variables": \{"name"/],
      [{ model: "experiment:perRequest", messages: [] }, {}, 400, "invalid-request", /experiments\.perRequest\.variants/],
    ];
    for (const [body, headers, status, code, hint] of cases) {
      const response = await post(body, headers);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const error = await errorOf(response);
      expect(error.code, JSON.stringify(body)).toBe(code);
      expect(error.message).not.toContain("\n");
      expect(error.hint, JSON.stringify(body)).toMatch(hint);
    }
    const empty = await post({ model: "openai:gpt-4o-mini", messages: [] });
    expect(empty.status).toBe(400);
    expect((await errorOf(empty)).message).toBe("messages: send at least one message");
    const variables = await post({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "x" }], variables: { a: 1 } });
    expect(variables.status).toBe(400);
    expect((await errorOf(variables)).message).toMatch(/^variables: only a prompt: or experiment: model/);
    expect(upstream.requests.length).toBe(before);
  });
});
