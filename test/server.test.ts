import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import { embedMany, generateText, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { errorCodes } from "../src/errors/index.js";
import { rowsFromTraces } from "../src/datasets/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { createServerApp, startServer } from "../src/server/index.js";
import type { RunningServer } from "../src/server/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { rawRequest } from "./support/raw-request.js";

const canary = "sk-canary-server-0a1b2c3d4e5f6a7b";
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let webRoot: string;

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, { env: { OPENAI_API_KEY: canary } });
  webRoot = mkdtempSync(path.join(tmpdir(), "flywheel-web-"));
  writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>workbench</title>");
  mkdirSync(path.join(webRoot, "assets"));
  writeFileSync(path.join(webRoot, "assets", "app.js"), "console.log(1)");
  writeFileSync(path.join(flywheel.folder, "secret.txt"), "top secret");
  symlinkSync(path.join(flywheel.folder, "secret.txt"), path.join(webRoot, "assets", "leak.txt"));
  server = await startServer({ flywheel, port: 0, webRoot });
});
afterAll(async () => {
  await server.close();
  await flywheel.close();
  await upstream.close();
});

const client = () => createOpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused" });
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("OpenAI-compatible /v1", () => {
  it("answers a real OpenAI client, plain and streaming, and traces the calls", async () => {
    const plain = await generateText({ model: client().chat("openai:gpt-4o-mini"), prompt: "hello", maxRetries: 0 });
    expect(plain.text).toBe("You said: hello");
    expect(plain.usage.inputTokens).toBeGreaterThan(0);
    const streamed = streamText({ model: client().chat("openai:gpt-4o-mini"), prompt: "stream please", maxRetries: 0 });
    let text = "";
    for await (const delta of streamed.textStream) text += delta;
    expect(text).toBe("You said: stream please");
    expect((await streamed.usage).outputTokens).toBeGreaterThan(0);
    await flywheel.tracing.flush();
    const page = (await (await fetch(`${server.url}/api/traces?model=openai:gpt-4o-mini`)).json()) as { traces: { outputPreview: string }[] };
    expect(page.traces.map((trace) => trace.outputPreview)).toEqual(expect.arrayContaining([expect.stringContaining("You said: hello")]));
  });

  it("labels the trace from the request's metadata: tags, prompt and conversation id, which datasets select by", async () => {
    const metadata = { tags: "support, urgent", prompt: "triage", conversation_id: "ticket-42", team: "ignored" };
    const plain = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", metadata, messages: [{ role: "user", content: "labelled plain" }] }));
    expect(plain.status).toBe(200);
    const streamed = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", stream: true, metadata, messages: [{ role: "user", content: "labelled stream" }] }));
    expect(await streamed.text()).toContain("[DONE]");
    await flywheel.tracing.flush();
    const selected = async (selection: { tag?: string; prompt?: string }) => (await rowsFromTraces(flywheel.store, selection)).rows;
    for (const rows of [await selected({ tag: "urgent" }), await selected({ tag: "support", prompt: "triage" })]) {
      expect(rows.map((row) => [row.messages[0]!.content, row.metadata?.conversationId])).toEqual([
        ["labelled plain", "ticket-42"],
        ["labelled stream", "ticket-42"],
      ]);
    }
    expect(await selected({ tag: "team" })).toEqual([]);
    const spaced = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", metadata: { tags: "two words" }, messages: [{ role: "user", content: "x" }] }));
    expect(spaced.status).toBe(400);
    expect(((await spaced.json()) as { error: { message: string } }).error.message).toBe('invalid tag "two words"');
  });

  it("passes tool calls through and back", async () => {
    const result = await generateText({
      model: client().chat("openai:tool-lookup"),
      prompt: "look it up",
      tools: { lookup: tool({ inputSchema: z.object({ key: z.string() }), execute: async ({ key }) => `value of ${key}` }) },
      maxRetries: 0,
    });
    expect(result.toolCalls[0]).toMatchObject({ toolName: "lookup", input: { key: "test" } });
  });

  it("serves embeddings and the model list", async () => {
    const { embeddings } = await embedMany({ model: client().embedding("openai:text-embedding-3-small"), values: ["a", "b"], maxRetries: 0 });
    expect(embeddings).toHaveLength(2);
    const raw = await fetch(`${server.url}/v1/embeddings`, json({ model: "openai:text-embedding-3-small", input: "b" }));
    expect(raw.status).toBe(200);
    const body = (await raw.json()) as { object: string; model: string; data: { object: string; index: number; embedding: number[] }[]; usage: { prompt_tokens: number } };
    expect(body).toMatchObject({ object: "list", model: "openai:text-embedding-3-small", data: [{ object: "embedding", index: 0, embedding: embeddings[1] }] });
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/v1/embeddings`, json({ model: "openai:text-embedding-3-small" }))).status).toBe(400);
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toContain("openai:gpt-4o-mini");
  });

  it("refuses bad input with a 4xx that says what is wrong, never a 500", async () => {
    const post = (body: string, type = "application/json") => fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "content-type": type }, body });
    const badJson = await post("{nope");
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { error: { message: string } }).error.message).toContain("not valid JSON");
    const unknownField = await post(JSON.stringify({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "x" }], temprature: 1 }));
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { error: { message: string } }).error.message).toContain("unknown field temprature");
    const noMessages = await post(JSON.stringify({ model: "openai:gpt-4o-mini", messages: [] }));
    expect(noMessages.status).toBe(400);
    const unknownProvider = await post(JSON.stringify({ model: "nope:x", messages: [{ role: "user", content: "x" }] }));
    expect(unknownProvider.status).toBe(400);
    expect((await post("{}", "text/plain")).status).toBe(415);
    const huge = await post(JSON.stringify({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(5 * 1024 * 1024) }] }));
    expect(huge.status).toBe(413);
  });
});

describe("workbench API", () => {
  it("shows traces, takes feedback, and gives time-series stats", async () => {
    const run = await fetch(`${server.url}/api/playground/run`, json({ models: ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"], prompt: "side by side" }));
    expect(run.headers.get("content-type")).toContain("text/event-stream");
    const events = (await run.text())
      .split("\n\n")
      .filter((block) => block.includes("event:"))
      .map((block) => ({ event: /event: (.+)/.exec(block)![1], data: JSON.parse(/data: (.+)/.exec(block)![1]!) as Record<string, unknown> }));
    const finishes = events.filter((event) => event.event === "run-finish");
    expect(finishes.map((event) => event.data.model).sort()).toEqual(["anthropic:claude-haiku-4-5", "openai:gpt-4o-mini"]);
    const text = (index: number) => events.filter((event) => event.event === "text-delta" && event.data.index === index).map((event) => event.data.delta).join("");
    expect(text(0)).toBe("You said: side by side");
    expect(text(1)).toBe("You said: side by side");
    const traceId = finishes[0]!.data.traceId as string;
    await flywheel.tracing.flush();
    const detail = (await (await fetch(`${server.url}/api/traces/${traceId}`)).json()) as { summary: { name: string }; spans: unknown[] };
    expect(detail.summary.name).toBe("playground");
    expect(detail.spans).toHaveLength(2);
    const feedback = await fetch(`${server.url}/api/traces/${traceId}/feedback`, json({ label: "good", note: "nice" }));
    expect(feedback.status).toBe(201);
    const withFeedback = (await (await fetch(`${server.url}/api/traces/${traceId}`)).json()) as { feedback: { label: string }[] };
    expect(withFeedback.feedback[0]!.label).toBe("good");
    // The stats count every trace since the given time, in buckets that cover it: the same traces the list returns.
    const since = Date.now() - 3_600_000;
    const stats = (await (await fetch(`${server.url}/api/traces/stats?since=${since}&buckets=60`)).json()) as { since: number; bucketMs: number; points: { time: number; traces: number; costUsd: number; errors: number }[] };
    const listed = (await (await fetch(`${server.url}/api/traces?since=${since}&limit=1000`)).json()) as { traces: { costUsd: number; status: string }[] };
    expect(listed.traces.length).toBeGreaterThan(1);
    // An hour in 60 buckets: a minute each, rounded up as the clock moved on.
    expect(stats.since).toBe(since);
    expect(stats.bucketMs).toBeGreaterThanOrEqual(60_000);
    expect(stats.bucketMs).toBeLessThan(61_000);
    expect(stats.points.reduce((sum, point) => sum + point.traces, 0)).toBe(listed.traces.length);
    expect(stats.points.reduce((sum, point) => sum + point.costUsd, 0)).toBeCloseTo(listed.traces.reduce((sum, trace) => sum + trace.costUsd, 0), 12);
    expect(stats.points.reduce((sum, point) => sum + point.errors, 0)).toBe(listed.traces.filter((trace) => trace.status === "error").length);
    expect(stats.points.every((point) => point.time >= since && point.time <= Date.now() && (point.time - since) % stats.bucketMs === 0)).toBe(true);
    const badStatus = await fetch(`${server.url}/api/traces?status=bogus`);
    expect(badStatus.status).toBe(400);
    expect(await badStatus.json()).toMatchObject({ error: { code: "invalid-request", message: expect.stringMatching(/^status: /) as unknown } });
    const missing = await fetch(`${server.url}/api/traces/ffffffffffffffff`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not-found", message: 'no trace "ffffffffffffffff"' } });
  });

  it("saves a playground prompt as a prompt file, refusing path tricks", async () => {
    const saved = await fetch(`${server.url}/api/playground/save`, json({ name: "greeting", model: "openai:gpt-4o-mini", system: "be kind", temperature: 0.2, prompt: "Say hi to {{name}}" }));
    expect(saved.status).toBe(201);
    const { hash } = (await saved.json()) as { hash: string };
    expect((await flywheel.store.prompts.versions("greeting")).map((version) => version.hash)).toEqual([hash]);
    const file = readFileSync(path.join(flywheel.folder, "prompts", "greeting.prompt.md"), "utf8");
    expect(file).toBe("---\nmodel: openai:gpt-4o-mini\nsystem: be kind\ntemperature: 0.2\n---\nSay hi to {{name}}\n");
    for (const name of ["../evil", "a/b", ".hidden"]) expect((await fetch(`${server.url}/api/playground/save`, json({ name, prompt: "x" }))).status).toBe(400);
  });

  it("turns a playground prompt into an eval suite file: prompt file, providers and test vars", async () => {
    const body = { name: "haiku", prompt: "Write a haiku about {{topic}}", system: "terse", temperature: 0.5, models: ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"], tests: [{ vars: { topic: "rain" } }, { vars: { topic: "snow" } }] };
    const saved = await fetch(`${server.url}/api/evals/suites`, json(body));
    expect(saved.status).toBe(201);
    expect(await saved.json()).toEqual({ suiteFile: path.join("evals", "haiku.yaml"), promptFile: path.join("prompts", "haiku.prompt.md") });
    const suite = parseYaml(readFileSync(path.join(flywheel.folder, "evals", "haiku.yaml"), "utf8")) as Record<string, unknown>;
    expect(suite).toMatchObject({
      prompts: ["file://../prompts/haiku.prompt.md"],
      providers: [{ id: "openai:gpt-4o-mini", config: { temperature: 0.5 } }, { id: "anthropic:claude-haiku-4-5", config: { temperature: 0.5 } }],
      tests: [{ vars: { topic: "rain" } }, { vars: { topic: "snow" } }],
    });
    expect(readFileSync(path.join(flywheel.folder, "prompts", "haiku.prompt.md"), "utf8")).toContain("Write a haiku about {{topic}}");
    expect((await fetch(`${server.url}/api/evals/suites`, json({ ...body, name: "../escape" }))).status).toBe(400);
    expect((await fetch(`${server.url}/api/evals/suites`, json({ ...body, models: [] }))).status).toBe(400);
  });

  it("lists stored eval runs, and answers 404 for an unknown one", async () => {
    expect(await (await fetch(`${server.url}/api/evals/runs`)).json()).toEqual({ runs: [] });
    expect((await fetch(`${server.url}/api/evals/runs/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/evals/compare?a=x`)).status).toBe(400);
  });

  it("answers each error with the HTTP status its code has in the error registry", async () => {
    const cases = [
      { response: await fetch(`${server.url}/api/collections/nope/search?query=retries`), code: "collection-not-found" },
      { response: await fetch(`${server.url}/v1/chat/completions`, json({ model: "nope:x", messages: [{ role: "user", content: "x" }] })), code: "unknown-provider" },
      { response: await fetch(`${server.url}/api/nope`), code: "not-found" },
    ] as const;
    for (const { response, code } of cases) {
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(response.status, code).toBe(errorCodes[code].httpStatus);
    }
    expect(errorCodes["collection-not-found"].httpStatus).toBe(404);
  });

  it("answers 501 with a clear message where a capability is not wired in", async () => {
    const bare = createServerApp({ flywheel, promptsDirectory: flywheel.folder, evalsDirectory: flywheel.folder, allowedOrigins: [], webRoot });
    for (const route of ["/api/evals/runs", "/api/collections"]) {
      const response = await bare.request(route);
      expect(response.status, route).toBe(501);
      expect(((await response.json()) as { error: { message: string } }).error.message, route).toMatch(/not available/);
    }
  });

  it("never returns a secret: keys are reported only as set or not", async () => {
    const body = await (await fetch(`${server.url}/api/models`)).text();
    expect(body).not.toContain(canary);
    expect(JSON.parse(body).providers).toContainEqual({ name: "openai", keySet: true });
  });
});

describe("server security", () => {
  it("refuses foreign Host headers (DNS rebinding) and foreign origins (closed CORS)", async () => {
    const rebinding = await rawRequest(server.url, { path: "/api/models", headers: { host: "evil.example:80" } });
    expect(rebinding.status).toBe(403);
    const crossSite = await fetch(`${server.url}/api/models`, { headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get("access-control-allow-origin")).toBeNull();
    const sameSite = await fetch(`${server.url}/api/models`, { headers: { origin: server.url } });
    expect(sameSite.status).toBe(200);
  });

  it("serves the app but nothing outside it: traversal, encoded traversal and symlinks are refused", async () => {
    expect((await rawRequest(server.url, { path: "/assets/app.js" })).body).toBe("console.log(1)");
    expect((await rawRequest(server.url, { path: "/traces/abc" })).body).toContain("workbench");
    for (const attempt of ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/assets\\..\\..\\secret.txt", "/assets/leak.txt", "//etc/passwd"]) {
      const response = await rawRequest(server.url, { path: attempt });
      expect(response.body, attempt).not.toContain("top secret");
      expect(response.body, attempt).not.toContain("root:");
    }
  });

  it("requires the access token on every route when bound beyond loopback, compared exactly", async () => {
    const exposed = await startServer({ flywheel, host: "0.0.0.0", port: 0, webRoot });
    try {
      expect(exposed.generatedToken).toBe(true);
      const token = exposed.accessToken!;
      const local = exposed.url.replace("0.0.0.0", "127.0.0.1");
      for (const route of ["/api/models", "/api/traces", "/v1/models"]) {
        expect((await fetch(`${local}${route}`)).status, route).toBe(401);
        expect((await fetch(`${local}${route}`, { headers: { authorization: `Bearer ${token.toUpperCase()}` } })).status, route).toBe(401);
        expect((await fetch(`${local}${route}`, { headers: { authorization: `Bearer ${token}x` } })).status, route).toBe(401);
        expect((await fetch(`${local}${route}`, { headers: { authorization: `Bearer ${token}` } })).status, route).toBe(200);
      }
      // Path-case tricks reach no API route: at most the app's HTML shell, never data.
      expect(await (await fetch(`${local}/API/models`)).text()).not.toContain("defaultModel");
      const stream = await fetch(`${local}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", stream: true, messages: [{ role: "user", content: "x" }] }));
      expect(stream.status).toBe(401);
      const authorised = createOpenAI({ baseURL: `${local}/v1`, apiKey: token });
      expect((await generateText({ model: authorised.chat("openai:gpt-4o-mini"), prompt: "with token", maxRetries: 0 })).text).toBe("You said: with token");
    } finally {
      await exposed.close();
    }
  });
});
