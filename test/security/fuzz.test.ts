import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import path from "node:path";
import { InvalidArgumentError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fusionWeights, filterFrom, searchMode } from "../../src/cli/rag-options.js";
import { collect, duration, integerFrom, numberIn, positive, variable } from "../../src/cli/option-parsers.js";
import { loadConfig } from "../../src/config/index.js";
import { FlywheelError } from "../../src/errors/index.js";
import { parseModelId } from "../../src/models/index.js";
import { createFlywheel } from "../../src/runtime/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { startServer } from "../../src/server/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { temporaryFolder } from "../support/flywheel-fixture.js";
import { hostileString, hostileValue, mutate, nested, prototypeKeys, seededRandom } from "../support/hostile-input.js";
import type { Random } from "../support/hostile-input.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";

// FUZZ_SEED replays a failure; FUZZ_REQUESTS runs more.
const seed = Number(process.env.FUZZ_SEED ?? 20_261_204);
const requestCount = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const perRequestTimeoutMs = 10_000;

let upstream: ProtocolServer;
let flywheel: Flywheel;
let server: RunningServer;
let folder: string;

beforeAll(async () => {
  // Hosted providers point at the in-repo protocol server; `local:` models are not in this
  // home and downloads are off, so no request spends a real model call or starts a pull.
  upstream = await startProtocolServer();
  folder = temporaryFolder();
  const config = await loadConfig({
    cwd: folder,
    env: {
      OPENAI_BASE_URL: upstream.openaiBaseURL,
      ANTHROPIC_BASE_URL: upstream.anthropicBaseURL,
      OPENAI_API_KEY: "sk-fuzz-openai-key-0123456789abcdef",
      ANTHROPIC_API_KEY: "fuzz-anthropic-key-0001",
      FLYWHEEL_HOME: path.join(folder, "home"),
      PATH: path.join(folder, "no-programs-here"),
    },
    overrides: { requests: { timeoutMs: 5_000, maxRetries: 0 } },
  });
  flywheel = await createFlywheel({ config });
  const webRoot = path.join(folder, "web");
  mkdirSync(webRoot);
  writeFileSync(path.join(webRoot, "index.html"), "<!doctype html><title>workbench</title>");
  writeFileSync(path.join(folder, "secret.txt"), "top secret");
  server = await startServer({ flywheel, port: 0, webRoot });
});
afterAll(async () => {
  await server?.close();
  await flywheel?.close();
  await upstream?.close();
});

const models = ["openai:gpt-4o-mini", "anthropic:claude-haiku-4-5", "openai:text-embedding-3-small", "local:embed", "local:default", "default", "__proto__:x", "constructor:x", "nope:x"];

/** Each route with a valid body or query to start mutating from. */
const routes: { method: string; path: string; body?: (random: Random) => unknown; query?: Record<string, string> }[] = [
  { method: "GET", path: "/api/health" },
  { method: "GET", path: "/api/models" },
  { method: "GET", path: "/api/traces", query: { limit: "5", search: "hi", status: "ok" } },
  { method: "GET", path: "/api/traces/stats", query: { buckets: "10" } },
  { method: "GET", path: "/api/traces/:id" },
  { method: "POST", path: "/api/traces/:id/feedback", body: () => ({ label: "good", note: "fine", score: 1 }) },
  { method: "POST", path: "/api/playground/run", body: (random) => ({ models: [random.pick(models)], prompt: "hi {{x}}", maxTokens: 8 }) },
  { method: "POST", path: "/api/playground/save", body: (random) => ({ name: "fuzz", model: random.pick(models), prompt: "x" }) },
  { method: "GET", path: "/api/evals/runs", query: { limit: "3" } },
  { method: "GET", path: "/api/evals/runs/:id" },
  { method: "GET", path: "/api/evals/compare", query: { a: "x", b: "y" } },
  { method: "POST", path: "/api/evals/suites", body: (random) => ({ name: "fuzz", prompt: "hi {{x}}", models: [random.pick(models)], tests: [{ vars: { x: "y" } }] }) },
  { method: "GET", path: "/api/collections" },
  { method: "GET", path: "/api/collections/:id/search", query: { query: "retries", mode: "bm25", k: "3" } },
  {
    method: "POST",
    path: "/v1/chat/completions",
    body: (random) => ({ model: random.pick(models), messages: [{ role: "user", content: "hi" }], max_tokens: 8, ...(random.chance(0.5) ? { stream: true } : {}) }),
  },
  { method: "POST", path: "/v1/embeddings", body: (random) => ({ model: random.pick(models), input: ["a", "b"] }) },
  { method: "GET", path: "/v1/models" },
  { method: "GET", path: "/" },
  { method: "GET", path: "/assets/:id" },
];

const segments = ["..", "%2e%2e", "%2e%2e%2fsecret.txt", "%2F", "%00", "%zz", "%", "%C0%AF", "%E0%A4%A", "__proto__", "constructor", "ffffffffffffffff", "a".repeat(3000), "..%5c..%5csecret.txt", "%F0%9F%98%80", "x;y", "*"];
const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];
const contentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "", "application/json, text/plain", "APPLICATION/JSON", "application/jsonx"];
const rawBodies = ["", "{", "null", "[]", '"x"', "1", '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', "[".repeat(20_000), `${"{\"a\":".repeat(10_000)}1${"}".repeat(10_000)}`, "\uFEFF{}", '{"a":1,"a":2}'];

/** The text with lone surrogates replaced, so it can be percent-encoded. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** Percent-encodes what a raw HTTP path may not hold, leaving `%`, `..` and `\` in place as sent. */
function pathSafe(text: string): string {
  return [...wellFormed(text)].map((character) => (/^[\x21-\x7e]$/.test(character) ? character : encodeURIComponent(character))).join("");
}

/** Header values are printable ASCII; anything else is dropped, as a client would refuse to send it. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "").slice(0, 4000);
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function randomRequest(random: Random, origin: string): FuzzRequest {
  const route = random.pick(routes);
  const method = random.chance(0.85) ? route.method : random.pick(methods);
  let requestPath = route.path.replaceAll(":id", () => (random.chance(0.5) ? random.pick(segments) : encodeURIComponent(wellFormed(hostileString(random).slice(0, 200)))));
  if (random.chance(0.1)) requestPath = random.pick([requestPath.toUpperCase(), `${requestPath}/`, `/${requestPath}`, requestPath.replace("/api/", "/api//"), `${requestPath}/..%2f..%2fsecret.txt`, `/${random.pick(segments)}${requestPath}`]);
  if (route.query !== undefined || random.chance(0.2)) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(route.query ?? {})) if (random.chance(0.8)) query.append(key, random.chance(0.7) ? value : hostileString(random).slice(0, 500));
    if (random.chance(0.3)) query.append(random.chance(0.5) ? random.pick(prototypeKeys) : hostileString(random).slice(0, 40), hostileString(random).slice(0, 200));
    if (random.chance(0.1)) query.append("limit", "1");
    let text = query.toString();
    if (random.chance(0.05)) text += random.pick(["&%zz=1", "&a=%E0%A4%A", "&=", "&&&", "&query=%00"]);
    if (text !== "") requestPath += `?${pathSafe(text)}`;
  }
  const headers: Record<string, string> = {};
  if (random.chance(0.9)) headers["content-type"] = random.chance(0.8) ? "application/json" : random.pick(contentTypes);
  if (random.chance(0.05)) headers.origin = random.pick([origin, "http://evil.example", "null", headerSafe(hostileString(random))]);
  if (random.chance(0.05)) headers["sec-fetch-site"] = random.pick(["same-origin", "none", "cross-site", "same-site", headerSafe(hostileString(random))]);
  if (random.chance(0.03)) headers.host = random.pick(["evil.example", "", "127.0.0.1", headerSafe(hostileString(random))]);
  if (random.chance(0.05)) headers.authorization = `Bearer ${headerSafe(hostileString(random))}`;
  if (random.chance(0.03)) headers.accept = headerSafe(hostileString(random));
  let body: Buffer | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const roll = random.next();
    if (roll < 0.1) body = Buffer.from(random.pick(rawBodies));
    else if (roll < 0.12) body = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x7b, 0x7d]);
    else if (roll < 0.1203) body = Buffer.alloc(5 * 1024 * 1024, "a");
    else if (roll < 0.14) body = Buffer.from(JSON.stringify({ ...((route.body?.(random) as object | undefined) ?? {}), deep: nested("array", 3000) }));
    else if (roll < 0.3) body = Buffer.from(JSON.stringify(hostileValue(random)) ?? "");
    else if (route.body !== undefined) body = Buffer.from(JSON.stringify(random.chance(0.2) ? route.body(random) : mutate(random, route.body(random))) ?? "");
  }
  return { method, path: requestPath.startsWith("/") ? requestPath : `/${requestPath}`, headers, ...(body === undefined ? {} : { body }) };
}

const quietSockets = new WeakSet<object>();

/** Sends one request over a keep-alive socket; resolves with the status, or "timeout". */
function send(base: URL, agent: Agent, fuzz: FuzzRequest): Promise<{ status: number | "timeout" | "refused"; body: string }> {
  return new Promise((resolve) => {
    let outgoing: ReturnType<typeof request>;
    try {
      outgoing = request(
        { host: base.hostname, port: base.port, method: fuzz.method, path: fuzz.path, headers: fuzz.headers, agent, setHost: fuzz.headers.host === undefined, timeout: perRequestTimeoutMs },
        (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body = (body + chunk.toString()).slice(-2000)));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
          response.on("error", () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
    } catch {
      // The client itself refused to send it (an invalid header or path): nothing reached the server.
      resolve({ status: "refused", body: "" });
      return;
    }
    // The server may answer (413) and close before a large body is sent: the write then fails on the socket.
    outgoing.on("socket", (socket) => {
      if (!quietSockets.has(socket)) {
        quietSockets.add(socket);
        socket.on("error", () => undefined);
      }
    });
    outgoing.on("timeout", () => {
      outgoing.destroy();
      resolve({ status: "timeout", body: "" });
    });
    outgoing.on("error", (error) => resolve({ status: "refused", body: String(error) }));
    outgoing.end(fuzz.body);
  });
}

function describeRequest(fuzz: FuzzRequest): string {
  const body = fuzz.body === undefined ? "" : ` body(${fuzz.body.length} bytes)=${fuzz.body.toString("utf8", 0, 300)}`;
  return `${fuzz.method} ${fuzz.path.slice(0, 300)} headers=${JSON.stringify(fuzz.headers).slice(0, 300)}${body}`;
}

/** Sends one request through the running server's own handler, in-process: the same guards, routes and store. */
async function sendInProcess(base: string, fuzz: FuzzRequest): Promise<{ status: number | "timeout" | "refused"; body: string }> {
  let incoming: Request;
  try {
    incoming = new Request(`${base}${fuzz.path}`, { method: fuzz.method, headers: { host: new URL(base).host, ...fuzz.headers }, ...(fuzz.body === undefined ? {} : { body: new Uint8Array(fuzz.body) }) });
  } catch {
    return { status: "refused", body: "" };
  }
  const timeout = AbortSignal.timeout(perRequestTimeoutMs);
  const answer = (async () => {
    const response = await server.fetch(incoming);
    return { status: response.status, body: (await response.text()).slice(-2000) };
  })();
  return Promise.race([answer, new Promise<{ status: "timeout"; body: string }>((resolve) => timeout.addEventListener("abort", () => resolve({ status: "timeout", body: "" })))]);
}

/** Runs the requests 16 at a time; returns the failures (5xx or timeout) and a count per status. */
async function fuzzRequests(requests: FuzzRequest[], send: (fuzz: FuzzRequest) => Promise<{ status: number | "timeout" | "refused"; body: string }>) {
  const failures: string[] = [];
  const statuses = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < requests.length) {
        const fuzz = requests[next++]!;
        const { status, body } = await send(fuzz);
        statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
        if (status === "timeout" || (typeof status === "number" && status >= 500)) failures.push(`${status}: ${describeRequest(fuzz)} -> ${body.slice(0, 300)}`);
      }
    }),
  );
  return { failures, statuses };
}

describe("fuzzing the server", () => {
  it(`answers ${requestCount} random and malformed requests to every route without a 5xx or a hang (seed ${seed})`, { timeout: 120_000 }, async () => {
    const random = seededRandom(seed);
    // Generated up front, so the sequence depends on the seed alone, not on response timing.
    const requests = Array.from({ length: requestCount }, () => randomRequest(random, server.url));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { failures, statuses } = await fuzzRequests(requests, (fuzz) => sendInProcess(server.url, fuzz));
    const { user, system } = process.cpuUsage(cpu);
    console.log(`fuzz seed ${seed}: ${requests.length} in-process requests in ${((performance.now() - started) / 1000).toFixed(1)} s (${((user + system) / 1e6).toFixed(1)} s CPU); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures.slice(0, 10), `seed ${seed} (replay with FUZZ_SEED=${seed}): ${failures.length} failures`).toEqual([]);
    expect((statuses.get("refused") ?? 0) / requests.length, "most requests reach the server").toBeLessThan(0.01);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`answers raw paths, encodings and headers over a real socket the same way (seed ${seed})`, { timeout: 60_000 }, async () => {
    // Over the socket, paths reach the server exactly as written: `..`, `%zz`, backslashes.
    const random = seededRandom(seed + 1);
    const requests = Array.from({ length: Math.ceil(requestCount / 10) }, () => randomRequest(random, server.url));
    const base = new URL(server.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const started = performance.now();
    const { failures, statuses } = await fuzzRequests(requests, (fuzz) => send(base, agent, fuzz));
    agent.destroy();
    console.log(`fuzz seed ${seed + 1}: ${requests.length} socket requests in ${((performance.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(failures.slice(0, 10), `seed ${seed + 1}: ${failures.length} failures`).toEqual([]);
    expect((statuses.get("refused") ?? 0) / requests.length, "most requests reach the server").toBeLessThan(0.02);
    // The server still answers, and nothing polluted Object.prototype.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("fuzzing the CLI's parsers", () => {
  /** Runs `parse`; a parser may return or refuse with a usage error, never throw anything else. */
  const check = async (failures: string[], name: string, input: unknown, parse: () => unknown, valid: (value: unknown) => boolean) => {
    try {
      const value = await parse();
      if (!valid(value)) failures.push(`${name}(${JSON.stringify(input)?.slice(0, 200)}) returned ${JSON.stringify(value)?.slice(0, 200)}`);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError) && !FlywheelError.isInstance(error)) failures.push(`${name}(${JSON.stringify(input)?.slice(0, 200)}) threw ${String(error)}`);
    }
  };

  it(`refuses hostile option values, model ids, --var and config with a usage error, never a crash (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const failures: string[] = [];
    const finite = (value: unknown) => typeof value === "number" && Number.isFinite(value);
    const configFolder = temporaryFolder();
    let inputs = 0;
    for (let round = 0; round < 300; round += 1) {
      const text = hostileString(random).slice(0, 2000);
      inputs += 10;
      await check(failures, "numberIn", text, () => numberIn(0, 2)(text), (value) => finite(value) && (value as number) >= 0 && (value as number) <= 2);
      await check(failures, "positive", text, () => positive(text), (value) => finite(value) && (value as number) > 0);
      await check(failures, "integerFrom", text, () => integerFrom(1)(text), (value) => Number.isSafeInteger(value) && (value as number) >= 1);
      await check(failures, "duration", text, () => duration(text), (value) => finite(value) && (value as number) >= 0);
      await check(failures, "collect", text, () => collect(text, ["a"]), (value) => Array.isArray(value) && value.length === 2);
      const assignment = `${random.chance(0.5) ? random.pick(prototypeKeys) : text}=${hostileString(random).slice(0, 100)}`;
      await check(failures, "variable", assignment, () => variable(assignment, {}), (value) => value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 1 && Object.keys(value)[0]!.trim() !== "");
      await check(failures, "searchMode", text, () => searchMode(text), (value) => value === "vector" || value === "bm25" || value === "hybrid");
      await check(failures, "fusionWeights", text, () => fusionWeights(text), (value) => Object.values(value as object).every(finite));
      await check(failures, "filterFrom", assignment, () => filterFrom([assignment]), (value) => value !== null && typeof value === "object");
      const modelId = random.chance(0.5) ? `${random.pick(prototypeKeys)}:${random.chance(0.5) ? random.pick(prototypeKeys) : text}` : text;
      await check(failures, "parseModelId", modelId, () => parseModelId(modelId), (value) => typeof (value as { provider: unknown }).provider === "string");
      inputs += 3;
      await check(failures, "languageModel", modelId, () => flywheel.models.languageModel(modelId), (value) => value !== undefined);
      await check(failures, "embeddingModel", modelId, () => flywheel.models.embeddingModel(modelId), (value) => value !== undefined);
      await check(failures, "info", modelId, () => flywheel.models.info(modelId), (value) => value !== undefined);
    }
    for (let round = 0; round < 150; round += 1) {
      const overrides = random.chance(0.5) ? mutate(random, { defaultModel: "openai:gpt-4o-mini", providers: { openai: { apiKey: "k" } }, requests: { timeoutMs: 10 }, server: { allowModelDownloads: false } }) : hostileValue(random);
      inputs += 2;
      await check(failures, "loadConfig", overrides, () => loadConfig({ cwd: configFolder, env: { FLYWHEEL_HOME: configFolder }, overrides: overrides as never }), (value) => value !== undefined);
      const yaml = random.chance(0.5) ? `defaultModel: ${hostileString(random).slice(0, 200)}\nproviders:\n  ${random.pick(prototypeKeys)}:\n    apiKey: x\n` : random.pick(["a: &a [*a]", `${"- ".repeat(2000)}x`, "a: [&b x, *b, *b, *b]\n".repeat(200), "\t\u0000", "__proto__: {polluted: true}", "defaultModel: [", "providers: 7"]);
      writeFileSync(path.join(configFolder, "flywheel.config.yaml"), yaml);
      await check(failures, "loadConfig(yaml)", yaml, () => loadConfig({ cwd: configFolder, env: { FLYWHEEL_HOME: configFolder } }), (value) => value !== undefined);
    }
    expect(inputs).toBeGreaterThanOrEqual(1000);
    expect(failures.slice(0, 10), `seed ${seed}: ${failures.length} failures`).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
