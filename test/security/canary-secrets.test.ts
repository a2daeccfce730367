import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "../support/flywheel-fixture.js";
import { startMcpHttpServer, testMcpServerFile } from "../support/mcp-server/index.js";
import type { McpHttpServer } from "../support/mcp-server/index.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { runCli } from "../support/run-cli.js";
import type { CliResult } from "../support/run-cli.js";

// One canary per place a secret is configured. None has the shape of a known key format, so
// only the secret registry (fed from config at load) can catch it, never a key-shaped pattern.
const canary = (role: string) => `canary-${role}-${randomBytes(8).toString("hex")}`;
const providerKey = canary("provider");
const mcpHeader = canary("mcpheader");
const mcpEnv = canary("mcpenv");
const targetHeader = canary("target");
const canaries = [providerKey, mcpHeader, mcpEnv, targetHeader];

/** An HTTP server that keeps every request it receives, headers and body. */
interface RecordingServer {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

async function startRecordingServer(reply: (headers: IncomingHttpHeaders, body: string) => unknown): Promise<RecordingServer> {
  const received: RecordingServer["received"] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: request.headers, body });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(reply(request.headers, body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every file under a folder, except the inputs the test wrote itself. */
function filesUnder(folder: string, inputs: Set<string>): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(folder, name))
    .filter((file) => !inputs.has(file) && ![...inputs].some((input) => file.startsWith(`${input}${path.sep}`)) && statSync(file).isFile());
}

let provider: ProtocolServer;
let collector: RecordingServer;
let target: RecordingServer;
let mcp: McpHttpServer;

beforeAll(async () => {
  provider = await startProtocolServer();
  collector = await startRecordingServer(() => ({}));
  // A careless endpoint that repeats the key it was sent.
  target = await startRecordingServer((headers, body) => ({ output: `key ${String(headers["x-api-key"])} for ${(JSON.parse(body) as { prompt: string }).prompt}` }));
  mcp = await startMcpHttpServer();
});
afterAll(async () => {
  await Promise.all([provider.close(), collector.close(), target.close(), mcp.close()]);
});

describe("secrets never leave in clear", () => {
  it("keeps canary keys out of every byte written and sent, through the CLI, exports, uploads, OTLP and the API", async () => {
    const cwd = temporaryFolder("flywheel-canary-");
    const env = { FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
    const inputs = new Set([path.join(cwd, "flywheel.config.yaml"), path.join(cwd, "canary.eval.yaml"), path.join(cwd, "docs")]);
    writeFileSync(
      path.join(cwd, "flywheel.config.yaml"),
      JSON.stringify({
        providers: { openai: { baseURL: provider.openaiBaseURL, apiKey: providerKey } },
        defaultModel: "openai:echo",
        cache: { enabled: true },
        requests: { initialRetryDelayMs: 10, timeoutMs: 5_000 },
        traces: { otlp: { endpoint: `${collector.url}/v1/traces` } },
        finetune: { pollIntervalMs: 10 },
        agents: {
          mcpServers: {
            local: { command: process.execPath, args: ["--disable-warning=ExperimentalWarning", testMcpServerFile], env: { SERVICE_TOKEN: mcpEnv } },
            remote: { url: mcp.url, headers: { "x-api-key": mcpHeader } },
          },
        },
      }),
    );
    writeFileSync(
      path.join(cwd, "canary.eval.yaml"),
      JSON.stringify({
        prompts: ["Repeat this: {{secret}}"],
        providers: [
          "openai:chat:echo-eval",
          { id: `${target.url}/answer`, label: "target", config: { headers: { "x-api-key": targetHeader }, body: { prompt: "{{prompt}}" }, transformResponse: "json.output" } },
        ],
        tests: [{ vars: { secret: providerKey }, assert: [{ type: "icontains", value: "{{secret}}" }] }],
      }),
    );
    mkdirSync(path.join(cwd, "docs"));
    writeFileSync(path.join(cwd, "docs", "notes.md"), `# Deploy notes\n\nThe deploy key is ${providerKey} and the tools token is ${mcpHeader}.\n`);

    const results: CliResult[] = [];
    const cli = async (args: string[], input?: string) => {
      const result = await runCli(args, { cwd, env, input, timeoutMs: 60_000 });
      results.push(result);
      expect(result.code, `flywheel ${args.join(" ")}: ${result.stderr}`).toBe(0);
      return result;
    };

    const said = `remember ${canaries.slice(0, 3).join(" ")}`;
    expect((await cli(["run", "-m", "openai:echo-run", said])).stdout).toContain("You said: remember");
    await cli(["chat", "-m", "openai:echo-chat"], `${said}\n`);
    const reports = ["json", "jsonl", "csv", "xml", "html"].map((extension) => `reports/canary.${extension}`);
    await cli(["eval", "-c", "canary.eval.yaml", "-o", ...reports]);
    const runId = (JSON.parse(readFileSync(path.join(cwd, "reports", "canary.json"), "utf8")) as { runId: string }).runId;
    await cli(["agent", "check the service", "-m", "openai:tool-local__echo_credentials", "--mcp", "local", "--yes"]);
    await cli(["agent", "check the service", "-m", "openai:tool-remote__echo_credentials", "--mcp", "remote", "--yes"]);
    await cli(["ingest", "docs", "--collection", "notes", "-e", "openai:text-embedding-3-small"]);
    await cli(["datasets", "create", "traces", "--from-traces", "--no-dedupe", "--split", "1,0,0"]);
    for (const format of ["openai", "anthropic", "sharegpt", "alpaca"]) await cli(["datasets", "export", "traces", "--format", format, "--out", `exports/${format}.jsonl`]);
    await cli(["finetune", "start", "--engine", "openai", "--dataset", "traces", "--base", "openai:gpt-4o-mini-2024-07-18", "--name", "canary", "--no-compare", "--json"]);

    const api: string[] = [];
    let served: Promise<void> | undefined;
    results.push(
      await runCli(["ui", "--port", "0", "--no-open"], {
        cwd,
        env,
        onSpawn: (child, output) => {
          served = (async () => {
            try {
              let url: string | undefined;
              while ((url = /^Flywheel workbench (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output.stdout())?.[1]) === undefined) await sleep(50);
              const get = async (route: string) => {
                const text = await (await fetch(`${url}${route}`)).text();
                api.push(text);
                return text;
              };
              const traces = await get("/api/traces?limit=100");
              for (const [, traceId] of traces.matchAll(/"traceId":"([0-9a-f]+)"/g)) await get(`/api/traces/${traceId!}`);
              await get("/api/evals/runs");
              await get(`/api/evals/runs/${runId}`);
            } finally {
              child.kill("SIGINT");
            }
          })();
        },
      }),
    );
    await served;
    expect(api.filter((text) => text.includes('"spans"')).length).toBeGreaterThanOrEqual(6);

    // Every place the canaries could have reached, except where they belong: the provider's
    // Authorization header, a header sent to its own server, and prompts sent to the model.
    const places: { where: string; text: string }[] = [
      ...filesUnder(cwd, inputs).map((file) => ({ where: path.relative(cwd, file), text: readFileSync(file).toString("latin1") })),
      ...results.flatMap((result, index) => [
        { where: `stdout of command ${index + 1}`, text: result.stdout },
        { where: `stderr of command ${index + 1}`, text: result.stderr },
      ]),
      ...api.map((text, index) => ({ where: `API response ${index + 1}`, text })),
      ...collector.received.map((request, index) => ({ where: `OTLP request ${index + 1}`, text: JSON.stringify(request.headers) + request.body })),
      ...target.received.map((request, index) => ({ where: `HTTP target request ${index + 1} headers`, text: JSON.stringify({ ...request.headers, "x-api-key": undefined }) })),
      ...provider.requests.map((request, index) => ({
        where: `provider request ${index + 1} (${request.path})`,
        text: JSON.stringify({ ...request.headers, authorization: undefined }) + (/\/(chat\/completions|embeddings)$/.test(request.path) ? "" : JSON.stringify(request.body)),
      })),
    ];
    expect(places.filter((place) => place.where.startsWith("OTLP")).length).toBeGreaterThan(0);
    expect(provider.requests.filter((request) => request.path === "/v1/files").length).toBeGreaterThan(0);
    const leaks = places.flatMap((place) => canaries.filter((secret) => place.text.includes(secret)).map((secret) => `${secret.split("-")[1]!} in ${place.where}`));
    expect(leaks).toEqual([]);
    // The canaries did reach these sinks, and were replaced there.
    const redactedIn = (where: RegExp) => places.filter((place) => where.test(place.where) && /\[REDACTED\]|<API_KEY>/.test(place.text)).length;
    const sinks = [...reports.map((report) => new RegExp(`^${report.replace(".", "\\.")}$`)), /^exports\//, /^OTLP/, /^API response/, /\/v1\/files/];
    for (const where of sinks) expect(redactedIn(where), String(where)).toBeGreaterThan(0);
    expect(results.slice(0, 5).every((result) => result.stdout.includes("[REDACTED]")), "run, chat, eval and both agents show the echoed key redacted").toBe(true);
  }, 120_000);
});
