import { z } from "zod";
import type { FlywheelConfig, ProviderConfig } from "../../config/index.js";
import { FlywheelError } from "../../errors/index.js";
import { providerKind, resolveProviderCredentials } from "../../models/index.js";
import type { Catalog, ProviderKind } from "../../models/index.js";
import type { SourceFailure, WatchedModel } from "../radar-types.js";
import { ModelListError } from "./model-list-error.js";

/** Options of `listWatchedModels`. */
export interface ListWatchedModelsOptions {
  /** The config: its providers, their keys and base URLs (read through the model layer's credentials). */
  config: Pick<FlywheelConfig, "providers" | "env">;
  /** The catalog, whose price and context facts are watched too and attached to listed models. */
  catalog: Catalog;
  /** Time limit of each provider's listing (pages included). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Anthropic's API version header, as its SDK sends it. */
const ANTHROPIC_VERSION = "2023-06-01";

/** Pages of an Anthropic list followed at most (1,000 models each). */
const MAX_PAGES = 10;

const openaiListSchema = z.object({ data: z.array(z.object({ id: z.string().min(1) }).loose()) }).loose();
const anthropicListSchema = z.object({ data: z.array(z.object({ id: z.string().min(1) }).loose()), has_more: z.boolean().optional(), last_id: z.string().nullish() }).loose();
const ollamaTagsSchema = z.object({ models: z.array(z.object({ name: z.string().min(1) }).loose()) }).loose();

/**
 * Every model the configured providers list — OpenAI and OpenAI-compatible `GET <baseURL>/models`,
 * Anthropic `GET <baseURL>/models` (its base URL already ends in `/v1`), Ollama `GET /api/tags` —
 * plus the catalog's built-in and provider entries, as WatchedModel values. A listed model carries the catalog's price and
 * context when the catalog knows it (`origin` is the provider); a catalog entry no provider lists
 * has `origin: "catalog"`. Listed providers: those in config `providers`, and the built-in
 * `openai` and `anthropic` when their key is set. Providers may be local servers, so there is no
 * address guard here; each listing has a time limit, and one that fails is a SourceFailure (its
 * key never in it) while the others go on.
 */
export async function listWatchedModels(options: ListWatchedModelsOptions): Promise<{ models: WatchedModel[]; failures: SourceFailure[] }> {
  const byId = new Map<string, WatchedModel>();
  // Built-in and provider facts only: the user's own config entries are not news.
  for (const info of options.catalog.list()) if (info.source === "catalog" || info.source === "provider") byId.set(info.id, { modelId: info.id, origin: "catalog", ...factsOf(options.catalog, info.id) });
  const failures: SourceFailure[] = [];
  const listings = await Promise.all(
    watchedProviders(options.config).map(async (provider) => {
      try {
        return { provider, names: await listProvider(provider, options) };
      } catch (error) {
        failures.push(toFailure(provider.name, error, options.signal));
        return { provider, names: [] };
      }
    }),
  );
  for (const { provider, names } of listings) {
    for (const name of names) {
      const modelId = `${provider.name}:${name}`;
      byId.set(modelId, { modelId, origin: provider.name, ...factsOf(options.catalog, modelId) });
    }
  }
  return { models: [...byId.values()].sort((a, b) => a.modelId.localeCompare(b.modelId)), failures: failures.sort((a, b) => a.source.localeCompare(b.source)) };
}

interface WatchedProvider {
  name: string;
  kind: ProviderKind;
  config: ProviderConfig;
}

function watchedProviders(config: ListWatchedModelsOptions["config"]): WatchedProvider[] {
  const providers: WatchedProvider[] = Object.entries(config.providers).map(([name, settings]) => ({ name, kind: providerKind(name, settings), config: settings }));
  for (const name of ["openai", "anthropic"]) {
    if (Object.hasOwn(config.providers, name)) continue;
    if (resolveProviderCredentials(name, {}, config.env).keySet() === true) providers.push({ name, kind: providerKind(name, {}), config: {} });
  }
  return providers.sort((a, b) => a.name.localeCompare(b.name));
}

async function listProvider(provider: WatchedProvider, options: ListWatchedModelsOptions): Promise<string[]> {
  const credentials = resolveProviderCredentials(provider.name, provider.config, options.config.env);
  const baseURL = credentials.baseURL;
  if (baseURL === undefined) throw new ModelListError({ provider: provider.name, message: `provider ${provider.name} has no base URL`, hint: `set providers.${provider.name}.baseURL in flywheel.config.yaml` });
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal === undefined ? [] : [options.signal])]);
  const headers: Record<string, string> = { accept: "application/json", ...provider.config.headers };
  const get = (url: string) => getJson(provider.name, url, headers, signal);
  if (provider.kind === "ollama") {
    const tags = parse(provider.name, ollamaTagsSchema, await get(`${baseURL.replace(/\/v1$/, "")}/api/tags`));
    return tags.models.map((model) => model.name);
  }
  if (provider.kind === "anthropic") {
    headers["x-api-key"] = credentials.readKey();
    headers["anthropic-version"] = ANTHROPIC_VERSION;
    const names: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const list = parse(provider.name, anthropicListSchema, await get(`${baseURL}/models?limit=1000${after === undefined ? "" : `&after_id=${encodeURIComponent(after)}`}`));
      names.push(...list.data.map((model) => model.id));
      if (list.has_more !== true || typeof list.last_id !== "string") break;
      after = list.last_id;
    }
    return names;
  }
  if (credentials.keySet() !== null) headers.authorization = `Bearer ${credentials.readKey()}`;
  return parse(provider.name, openaiListSchema, await get(`${baseURL}/models`)).data.map((model) => model.id);
}

async function getJson(provider: string, url: string, headers: Record<string, string>, signal: AbortSignal): Promise<unknown> {
  const shown = withoutCredentials(url);
  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: "follow" });
  } catch (error) {
    throw failedRequest(provider, shown, signal, error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    const hint = response.status === 401 || response.status === 403 ? `check the ${provider} API key` : `the ${provider} server failed; the next run tries again`;
    throw new ModelListError({ provider, message: `${shown} answered HTTP ${response.status}`, hint });
  }
  try {
    return (await response.json()) as unknown;
  } catch (error) {
    if (signal.aborted) throw failedRequest(provider, shown, signal, error);
    throw new ModelListError({ provider, message: `${shown} did not answer JSON`, hint: `check that providers.${provider}.baseURL points at the API`, cause: error });
  }
}

/** A request that did not complete: the time limit, Ctrl-C (passed on as it is), or no connection. */
function failedRequest(provider: string, shown: string, signal: AbortSignal, error: unknown): unknown {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof Error && reason.name === "TimeoutError") {
      return new ModelListError({ provider, code: "timeout", message: `${shown} did not answer in time`, hint: "check the server, or raise radar.fetch.timeoutMs", cause: error });
    }
    return reason;
  }
  return new ModelListError({ provider, code: "provider-unreachable", message: `cannot reach ${shown}`, hint: `check that the ${provider} server is running and its base URL is right`, cause: error });
}

function parse<T>(provider: string, schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ModelListError({ provider, message: `${provider}'s model list is not in the shape its API documents`, hint: `check that providers.${provider}.type matches the server` });
  return parsed.data;
}

function factsOf(catalog: Catalog, modelId: string): Omit<WatchedModel, "modelId" | "origin"> {
  const info = catalog.get(modelId);
  return {
    ...(info.contextWindow === undefined ? {} : { contextWindow: info.contextWindow }),
    ...(info.price === undefined ? {} : { inputPerMTok: info.price.input, outputPerMTok: info.price.output }),
  };
}

function toFailure(provider: string, error: unknown, signal: AbortSignal | undefined): SourceFailure {
  if (signal?.aborted === true) throw error;
  if (error instanceof ModelListError) return error.toSourceFailure();
  // A missing key, for one.
  if (FlywheelError.isInstance(error)) return { source: `provider ${provider}`, code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  return { source: `provider ${provider}`, code: "model-list-failed", message: `${provider}'s model list could not be read`, hint: "run again with --debug to see why" };
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  return parsed.toString();
}
