import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { startServer } from "../src/server/index.js";
import type { RunningServer } from "../src/server/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { rawRequest } from "./support/raw-request.js";

const canary = "sk-canary-hardening-0a1b2c3d4e5f6a7b8c9d";
// Registered as the Anthropic key, but shaped like no known key: only registration redacts it.
const plainSecret = "plain-registered-secret-4242";
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, { env: { OPENAI_API_KEY: canary, ANTHROPIC_API_KEY: plainSecret } });
  server = await startServer({ flywheel, port: 0, webRoot: flywheel.folder });
});
afterAll(async () => {
  await server.close();
  await flywheel.close();
  await upstream.close();
});

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string; hint?: string } }).error;

describe("names that reach Object.prototype, and values that are not what they claim", () => {
  it("answers a 4xx, never a 500, to model ids such as __proto__:x and to an image_url that is not a URL", async () => {
    for (const model of ["__proto__:constructor", "constructor:x", "__proto__:x", "toString:x", "hasOwnProperty:y"]) {
      const embeddings = await fetch(`${server.url}/v1/embeddings`, json({ model, input: "x" }));
      expect(embeddings.status, model).toBe(400);
      expect((await errorOf(embeddings)).code, model).toBe("unknown-provider");
      const chat = await fetch(`${server.url}/v1/chat/completions`, json({ model, messages: [{ role: "user", content: "x" }] }));
      expect(chat.status, model).toBe(400);
      const playground = await fetch(`${server.url}/api/playground/run`, json({ models: [model], prompt: "x" }));
      expect(playground.status, model).toBe(400);
    }
    const image = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "not a url" } }] }] }));
    expect(image.status).toBe(400);
    expect((await errorOf(image)).message).toMatch(/^messages\.0\.content.*not a URL/);
  });
});

describe("cross-site requests", () => {
  it("refuses a cross-site GET that carries no Origin, so a foreign page cannot spend an embedding call", async () => {
    const before = upstream.requests.length;
    const search = await fetch(`${server.url}/api/collections/docs/search?query=anything`, { headers: { "sec-fetch-site": "cross-site" } });
    expect(search.status).toBe(403);
    expect((await errorOf(search)).code).toBe("forbidden-origin");
    for (const site of ["cross-site", "same-site"]) {
      const run = await fetch(`${server.url}/api/playground/run`, json({ models: ["openai:gpt-4o-mini"], prompt: "x" }, { "sec-fetch-site": site }));
      expect(run.status, site).toBe(403);
      const chat = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "x" }] }, { "sec-fetch-site": site }));
      expect(chat.status, site).toBe(403);
    }
    expect(upstream.requests.length).toBe(before);
    // The workbench's own requests and ones the user typed still work.
    for (const site of ["same-origin", "none"]) expect((await fetch(`${server.url}/api/models`, { headers: { "sec-fetch-site": site } })).status, site).toBe(200);
    expect((await fetch(`${server.url}/api/models`, { headers: { "sec-fetch-site": "same-origin", origin: server.url } })).status).toBe(200);
  });

  it("accepts the page's own requests at a LAN address when bound to 0.0.0.0, with the token, and nothing from other origins", async () => {
    const exposed = await startServer({ flywheel, host: "0.0.0.0", port: 0, webRoot: flywheel.folder, promptsDirectory: path.join(flywheel.folder, "lan-prompts") });
    try {
      const local = exposed.url.replace("0.0.0.0", "127.0.0.1");
      const lan = `192.168.1.23:${new URL(local).port}`;
      const save = (headers: Record<string, string>) =>
        rawRequest(local, { method: "POST", path: "/api/playground/save", headers: { "content-type": "application/json", "sec-fetch-site": "same-origin", ...headers }, body: JSON.stringify({ name: "lan", prompt: "hi" }) });
      const token = { authorization: `Bearer ${exposed.accessToken!}` };
      expect((await save({ host: lan, origin: `http://${lan}`, ...token })).status).toBe(201);
      expect((await save({ host: lan, origin: `http://${lan}` })).status).toBe(401);
      expect((await save({ host: lan, origin: `http://evil.example:${new URL(local).port}`, ...token })).status).toBe(403);
      expect((await save({ host: lan, origin: "http://192.168.1.24:80", ...token })).status).toBe(403);
    } finally {
      await exposed.close();
    }
  });

  it("does not take an Origin that matches a foreign Host on a loopback server (DNS rebinding)", async () => {
    const port = new URL(server.url).port;
    const rebinding = await rawRequest(server.url, { path: "/api/models", headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}` } });
    expect(rebinding.status).toBe(403);
  });
});

describe("model downloads", () => {
  it("answers 409 with a pull hint for a local model that is not pulled, and starts no download or process", async () => {
    const folder = temporaryFolder();
    const bin = path.join(folder, "bin");
    const marker = path.join(folder, "python-ran");
    mkdirSync(bin);
    writeFileSync(path.join(bin, "python3"), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(path.join(bin, "python3"), 0o755);
    const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home"), PATH: `${bin}:/usr/bin:/bin` } });
    expect(config.server.allowModelDownloads).toBe(false);
    const bare = await createFlywheel({ config });
    const local = await startServer({ flywheel: bare, port: 0, webRoot: folder });
    try {
      const embeddings = await fetch(`${local.url}/v1/embeddings`, json({ model: "local:embed", input: "x" }));
      expect(embeddings.status).toBe(409);
      expect(await errorOf(embeddings)).toMatchObject({ code: "model-not-pulled", hint: expect.stringContaining("flywheel models pull") as unknown });
      const chat = await fetch(`${local.url}/v1/chat/completions`, json({ model: "default", messages: [{ role: "user", content: "x" }] }));
      expect(chat.status).toBe(409);
      const run = await fetch(`${local.url}/api/playground/run`, json({ models: ["local:default"], prompt: "x" }));
      expect(run.status).toBe(409);
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(path.join(folder, "home", "models")) ? readdirSync(path.join(folder, "home", "models")) : []).toEqual([]);
    } finally {
      await local.close();
      await bare.close();
    }
  });

  it("pulls on request only when the config says server.allowModelDownloads: true", async () => {
    const folder = temporaryFolder();
    const bin = path.join(folder, "bin");
    const marker = path.join(folder, "python-ran");
    mkdirSync(bin);
    writeFileSync(path.join(bin, "python3"), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    chmodSync(path.join(bin, "python3"), 0o755);
    writeFileSync(path.join(folder, "flywheel.config.yaml"), "server:\n  allowModelDownloads: true\n");
    const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home"), PATH: `${bin}:/usr/bin:/bin` } });
    const allowed = await createFlywheel({ config });
    const local = await startServer({ flywheel: allowed, port: 0, webRoot: folder });
    try {
      const embeddings = await fetch(`${local.url}/v1/embeddings`, json({ model: "local:embed", input: "x" }));
      expect(embeddings.status).not.toBe(409);
      expect(existsSync(marker)).toBe(true);
    } finally {
      await local.close();
      await allowed.close();
    }
  });
});

describe("OpenAI-compatible streams", () => {
  it("ends a stream that fails midway with an OpenAI error chunk and then [DONE]", async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:malformed", stream: true, messages: [{ role: "user", content: "x" }] }));
    expect(response.status).toBe(200);
    const events = (await response.text()).split("\n\n").filter((block) => block.startsWith("data: ")).map((block) => block.slice("data: ".length));
    expect(events.at(-1)).toBe("[DONE]");
    const failure = JSON.parse(events.at(-2)!) as { error: { message: string; type: string } };
    expect(failure.error.type).toBe("server_error");
    expect(failure.error.message).not.toBe("");
  });
});

describe("secrets in model output", () => {
  const echoed = `repeat after me: ${canary} and ${plainSecret} done`;

  it("redacts a secret the model echoes from plain and streamed /v1 completions", async () => {
    const plain = await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", messages: [{ role: "user", content: echoed }] }));
    const plainText = await plain.text();
    expect(plainText).toContain("[REDACTED]");
    const streamed = await (await fetch(`${server.url}/v1/chat/completions`, json({ model: "openai:gpt-4o-mini", stream: true, messages: [{ role: "user", content: echoed }] }))).text();
    const streamedText = streamed
      .split("\n\n")
      .filter((block) => block.startsWith("data: {"))
      .map((block) => (JSON.parse(block.slice("data: ".length)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? "")
      .join("");
    expect(streamedText).toBe("You said: repeat after me: [REDACTED] and [REDACTED] done");
    for (const body of [plainText, streamed]) {
      expect(body).not.toContain(canary);
      expect(body).not.toContain(plainSecret);
      expect(body).not.toContain("0a1b2c3d");
    }
  });

  it("redacts a secret the model echoes in the playground", async () => {
    const body = await (await fetch(`${server.url}/api/playground/run`, json({ models: ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5"], prompt: echoed }))).text();
    expect(body).toContain("[REDACTED]");
    expect(body).not.toContain(canary);
    expect(body).not.toContain(plainSecret);
    expect(body).not.toContain("0a1b2c3d");
  });
});

describe("files the workbench writes", () => {
  it("refuses an eval suite or prompt file that names code to run or a file to read", async () => {
    const suite = { name: "attack", prompt: "hi {{x}}", models: ["openai:gpt-4o-mini"], tests: [{ vars: { x: "y" } }] };
    for (const model of ["file://evil.js", "file:///tmp/evil.mjs:run", "python:evil.py", "exec:rm -rf /", "https://evil.example/hook", "agent:openai:gpt-4o-mini", "rag:docs", "echo"]) {
      const response = await fetch(`${server.url}/api/evals/suites`, json({ ...suite, models: [model] }));
      expect(response.status, model).toBe(400);
      expect((await errorOf(response)).message, model).toContain("models.0");
      expect((await fetch(`${server.url}/api/playground/save`, json({ name: "attack", model, prompt: "x" }))).status, model).toBe(400);
    }
    const fileVar = await fetch(`${server.url}/api/evals/suites`, json({ ...suite, tests: [{ vars: { x: "file:///etc/passwd" } }] }));
    expect(fileVar.status).toBe(400);
    const assertion = await fetch(`${server.url}/api/evals/suites`, json({ ...suite, tests: [{ vars: {}, assert: [{ type: "javascript", value: "process.exit()" }] }] }));
    expect(assertion.status).toBe(400);
    expect(existsSync(path.join(flywheel.folder, "evals", "attack.yaml"))).toBe(false);
    expect(existsSync(path.join(flywheel.folder, "prompts", "attack.prompt.md"))).toBe(false);
    expect((await fetch(`${server.url}/api/evals/suites`, json(suite))).status).toBe(201);
  });
});
