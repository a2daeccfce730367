import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors/index.js";
import { loadConfig } from "./load-config.js";

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-config-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ConfigError.isInstance(error)).toBe(true);
  return error as ConfigError;
}

describe("loadConfig", () => {
  it("uses defaults when there is no config file", async () => {
    const cwd = folderWith({});
    const config = await loadConfig({ cwd, env: {} });
    expect(config.file).toBeUndefined();
    expect(config.defaultModel).toBe("local:default");
    expect(config.storeUrl).toBe(path.join(cwd, ".flywheel", "flywheel.db"));
    expect(config.requests.maxRetries).toBe(3);
    expect(config.cache.enabled).toBe(false);
  });

  it("reads a YAML file and lets FLYWHEEL_DB and FLYWHEEL_HOME override", async () => {
    const cwd = folderWith({
      "flywheel.config.yaml": "defaultModel: openai:gpt-4o-mini\nstore:\n  url: data/x.db\ncache:\n  enabled: true\n",
    });
    const config = await loadConfig({ cwd, env: {} });
    expect(config.defaultModel).toBe("openai:gpt-4o-mini");
    expect(config.storeUrl).toBe(path.join(cwd, "data", "x.db"));
    expect(config.cache.enabled).toBe(true);
    const overridden = await loadConfig({ cwd, env: { FLYWHEEL_DB: "/tmp/other.db", FLYWHEEL_HOME: "/tmp/fw-home" } });
    expect(overridden.storeUrl).toBe("/tmp/other.db");
    expect(overridden.home).toBe("/tmp/fw-home");
  });

  it("applies the schema's defaults inside a section the file sets only in part, and an override's defaults never hide the file's values", async () => {
    const cwd = folderWith({ "flywheel.config.yaml": "requests:\n  maxRetries: 5\nrag:\n  chunkSize: 300\n" });
    const config = await loadConfig({ cwd, env: {}, overrides: { defaultModel: "openai:gpt-4o-mini" } });
    expect(config.defaultModel).toBe("openai:gpt-4o-mini");
    expect(config.requests).toEqual({ timeoutMs: 120_000, streamIdleTimeoutMs: 60_000, maxRetries: 5, initialRetryDelayMs: 500, maxTotalMs: 300_000 });
    expect(config.rag).toMatchObject({ chunkSize: 300, chunkOverlap: 30, rrfK: 10, weights: { vector: 1, bm25: 0.5 } });
  });

  it("names the file, the key, what was found and what was expected", async () => {
    const cwd = folderWith({ "flywheel.config.yaml": "requests:\n  maxRetries: lots\n" });
    const error = await configError(loadConfig({ cwd, env: {} }));
    expect(error.message).toContain(path.join(cwd, "flywheel.config.yaml"));
    expect(error.message).toContain("requests.maxRetries");
    expect(error.message).toContain('found "lots"');
    expect(error.message).toContain("expected a number");
  });

  it("rejects unknown keys by name", async () => {
    const cwd = folderWith({ "flywheel.config.yaml": "providers:\n  openai:\n    baseUrl: http://x\n" });
    const error = await configError(loadConfig({ cwd, env: {} }));
    expect(error.key).toBe("providers.openai.baseUrl");
    expect(error.message).toContain("unknown key baseUrl");
  });

  it("reports invalid YAML with its line", async () => {
    const cwd = folderWith({ "flywheel.config.yaml": "defaultModel: [unclosed\n" });
    const error = await configError(loadConfig({ cwd, env: {} }));
    expect(error.message).toMatch(/invalid YAML at line \d/);
  });

  it("refuses YAML nested thousands of levels deep with a config error, every time, instead of crashing", async () => {
    const cwd = folderWith({ "flywheel.config.yaml": `${"- ".repeat(2000)}x` });
    for (const overrides of [undefined, { defaultModel: "openai:gpt-4o-mini" }]) {
      const error = await configError(loadConfig({ cwd, env: {}, overrides }));
      expect(error.message).toMatch(/nested more than 100 levels deep/);
    }
    const ordinary = folderWith({ "flywheel.config.yaml": "providers:\n  openai:\n    apiKey: k\nagents:\n  tools:\n    http_get:\n      allowHosts: [a.example]\n" });
    expect((await loadConfig({ cwd: ordinary, env: {} })).providers.openai?.apiKey).toBe("k");
  });

  it("rejects an OPENAI_BASE_URL that is not a URL", async () => {
    const error = await configError(loadConfig({ cwd: folderWith({}), env: { OPENAI_BASE_URL: "localhost:8000" } }));
    expect(error.message).toContain("OPENAI_BASE_URL");
    expect(error.message).toContain("http(s) URL");
  });

  it("loads flywheel.config.ts", async () => {
    const cwd = folderWith({
      "flywheel.config.ts": 'const model: string = "anthropic:claude-haiku-4-5";\nexport default { defaultModel: model, requests: { timeoutMs: 5000 } };\n',
    });
    const config = await loadConfig({ cwd, env: {} });
    expect(config.defaultModel).toBe("anthropic:claude-haiku-4-5");
    expect(config.requests.timeoutMs).toBe(5000);
  });

  it("finds the config file in a parent folder", async () => {
    const cwd = folderWith({ "flywheel.config.yaml": "defaultModel: ollama:llama3.2\n" });
    const child = path.join(cwd, "sub");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(child);
    const config = await loadConfig({ cwd: child, env: {} });
    expect(config.defaultModel).toBe("ollama:llama3.2");
  });
});
