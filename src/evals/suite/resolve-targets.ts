import { z } from "zod";
import { ConfigError } from "../../errors/index.js";
import type { EvalTarget } from "../targets/eval-target.js";
import type { AgentTargetSettings, RagTargetSettings, RedteamTargetSettings, TargetSpec } from "./eval-suite.js";
import { mapProviderId } from "./map-provider-id.js";
import { resolveFileReference } from "./read-structured-file.js";
import { parseModelParameters } from "./model-parameters.js";
import { httpConfigKeys } from "./suite-schema.js";
import type { ProviderEntry } from "./suite-schema.js";

/** Options for `resolveTargets`. */
export interface ResolveTargetsOptions {
  baseDir: string;
  /** The suite file, for messages. */
  file: string;
  /** Collects keys that are ignored. */
  unknownKeys: Set<string>;
}

const providerKeys = ["id", "label", "config", "call", "concurrency", "rateLimit", "close", "transform", "prompts"];

/**
 * Turns the suite's `providers` (or `targets`) into target specs. promptfoo ids are
 * mapped (`openai:chat:<m>` to `openai:<m>` and so on, see `mapProviderId`); functions
 * and objects with a `call` method are custom targets.
 */
export async function resolveTargets(entries: ProviderEntry | ProviderEntry[] | undefined, options: ResolveTargetsOptions): Promise<TargetSpec[]> {
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  return await Promise.all(list.map((entry, position) => resolveTarget(entry, position, options)));
}

async function resolveTarget(entry: ProviderEntry, position: number, options: ResolveTargetsOptions): Promise<TargetSpec> {
  const where = `providers[${position}]`;
  if (typeof entry === "function") {
    const call = entry as unknown as (vars: Record<string, unknown>) => unknown;
    const id = call.name || `function-${position + 1}`;
    return { kind: "custom", id, label: id, target: functionAsTarget(id, call) };
  }
  if (typeof entry === "string") return fromId(entry, { label: undefined, config: {}, where }, options);
  for (const key of Object.keys(entry)) if (!providerKeys.includes(key)) options.unknownKeys.add(`${where}.${key}`);
  const settings = {
    concurrency: entry.concurrency,
    rateLimit: entry.rateLimit,
    ...(entry.transform === undefined ? {} : { transform: { code: entry.transform, where: `${where}.transform` } }),
    ...(entry.prompts === undefined ? {} : { prompts: entry.prompts }),
  };
  if (typeof entry.call === "function") {
    const id = entry.id ?? `target-${position + 1}`;
    return { kind: "custom", id, label: entry.label ?? id, target: entry as unknown as EvalTarget, ...settings };
  }
  if (entry.id === undefined) throw new ConfigError({ file: options.file, key: where, found: "a provider without an id", expected: "an id such as openai:chat:gpt-4o-mini" });
  return { ...(await fromId(entry.id, { label: entry.label, config: entry.config ?? {}, where }, options)), ...settings };
}

async function fromId(id: string, entry: { label: string | undefined; config: Record<string, unknown>; where: string }, options: ResolveTargetsOptions): Promise<TargetSpec> {
  const mapped = mapProviderId(id);
  const label = entry.label ?? id;
  switch (mapped.kind) {
    case "model":
      return { kind: "model", id, label, modelId: mapped.modelId, parameters: await parseModelParameters(entry.config, { ...options, where: `${entry.where}.config` }) };
    case "echo":
      return { kind: "echo", id, label };
    case "function":
      return { kind: "function", id, label, file: resolveFileReference(mapped.file, options.baseDir), exportName: mapped.exportName, config: entry.config };
    case "http":
      return httpTarget(id, label, mapped.url, entry, options);
    case "rag":
      return { kind: "rag", id, label, collection: mapped.collection, settings: parseSettings(ragSettingsSchema, entry.config, `${entry.where}.config`, options) };
    case "agent": {
      const settings = parseSettings(agentSettingsSchema, entry.config, `${entry.where}.config`, options);
      if (settings.root !== undefined) settings.root = resolveFileReference(settings.root, options.baseDir);
      return { kind: "agent", id, label, modelId: mapped.modelId, settings };
    }
    case "redteam":
      return { kind: "redteam", id, label, reference: mapped.reference, settings: parseSettings(redteamSettingsSchema, entry.config, `${entry.where}.config`, options) };
    case "unsupported":
      throw new ConfigError({ file: options.file, key: entry.where, found: mapped.reason, expected: "a model id, an http(s) URL, echo, or a file:// JS/TS provider" });
  }
}

function httpTarget(id: string, label: string, url: string | undefined, entry: { config: Record<string, unknown>; where: string }, options: ResolveTargetsOptions): TargetSpec {
  const { config } = entry;
  for (const key of Object.keys(config)) if (!httpConfigKeys.includes(key)) options.unknownKeys.add(`${entry.where}.config.${key}`);
  const target = typeof config.url === "string" ? config.url : url;
  if (target === undefined) throw new ConfigError({ file: options.file, key: `${entry.where}.config.url`, found: "nothing", expected: "the endpoint URL" });
  const transform = config.transformResponse ?? config.responseParser;
  if (transform !== undefined && typeof transform !== "string") {
    throw new ConfigError({ file: options.file, key: `${entry.where}.config.transformResponse`, found: typeof transform, expected: "a JavaScript expression such as json.output" });
  }
  return {
    kind: "http",
    id,
    label: label === "http" || label === "https" ? target : label,
    url: target,
    method: typeof config.method === "string" ? config.method.toUpperCase() : "POST",
    headers: stringRecord(config.headers),
    body: config.body,
    queryParams: stringRecord(config.queryParams),
    transformResponse: transform,
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}

function functionAsTarget(id: string, call: (vars: Record<string, unknown>, prompt: unknown) => unknown): EvalTarget {
  return {
    id,
    async call(input) {
      const result = await call(input.vars, input.prompt);
      return typeof result === "object" && result !== null && "output" in result ? (result as { output: unknown }) : { output: result };
    },
  };
}

const ragSettingsSchema: z.ZodType<RagTargetSettings> = z
  .object({
    model: z.string().min(3).optional(),
    mode: z.enum(["vector", "bm25", "hybrid"]).optional(),
    k: z.number().int().min(1).max(100).optional(),
    rerank: z.string().min(3).optional(),
    prompt: z.string().min(1).optional(),
    minScore: z.number().optional(),
    weights: z.object({ vector: z.number().min(0).optional(), bm25: z.number().min(0).optional() }).strict().optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().positive().optional(),
  })
  .strict();

const redteamSettingsSchema: z.ZodType<RedteamTargetSettings> = z
  .object({ seed: z.number().int().default(1), attacker: z.string().min(1).optional(), model: z.string().min(1).optional() })
  .strict();

const agentSettingsSchema: z.ZodType<AgentTargetSettings> = z
  .object({
    tools: z.array(z.string().min(1)).optional(),
    mcp: z.array(z.string().min(1)).optional(),
    plan: z.boolean().optional(),
    maxSteps: z.number().int().positive().optional(),
    maxTimeMs: z.number().int().positive().optional(),
    maxTokens: z.number().int().positive().optional(),
    maxCostUsd: z.number().positive().optional(),
    root: z.string().min(1).optional(),
    instructions: z.string().optional(),
    prompted: z.boolean().optional(),
    requireTool: z.boolean().optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict();

function parseSettings<T>(schema: z.ZodType<T>, config: Record<string, unknown>, where: string, options: ResolveTargetsOptions): T {
  const result = schema.safeParse(config, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = [where, ...issue.path.map(String)].join(".");
  if (issue.code === "unrecognized_keys") {
    throw new ConfigError({ file: options.file, key: `${key}.${issue.keys[0]!}`, found: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`, expected: "only the documented keys" });
  }
  return (() => {
    throw new ConfigError({ file: options.file, key, found: JSON.stringify(issue.input) ?? "nothing", expected: issue.message });
  })();
}
