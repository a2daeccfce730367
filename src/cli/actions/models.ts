import { redteamProviderHandle } from "../../redteam/obedient/redteam-provider-handle.js";
import { existsSync } from "node:fs";
import type { Tracer } from "@opentelemetry/api";
import { trace } from "@opentelemetry/api";
import { createModelRegistry } from "../../models/index.js";
import type { ModelInfo, ModelRegistry } from "../../models/index.js";
import { localProviderHandle } from "../../models/local/index.js";
import { findCatalogEntry, listModels as listPulledModels } from "../../models/model-store/index.js";
import type { CatalogFile, CatalogSource, PulledModel } from "../../models/model-store/index.js";
import type { CommandContext } from "../command-context.js";
import { formatBytes, renderTable } from "../output/format.js";

async function registry(context: CommandContext): Promise<ModelRegistry> {
  // Listing needs no store or tracing: a no-op tracer keeps `models` fast and side-effect free.
  const tracer: Tracer = trace.getTracer("flywheel-noop");
  const config = await context.config();
  return createModelRegistry({
    config,
    tracer,
    extraProviders: { local: localProviderHandle({ home: config.home, autoPull: false }), redteam: redteamProviderHandle() },
    extraCatalogEntries: await hostedTunedModels(config.storeUrl),
  });
}

/** Hosted fine-tuned models recorded in the store, when there is a store (listing never creates one). */
async function hostedTunedModels(storeUrl: string): Promise<ModelInfo[]> {
  const file = storeUrl.startsWith("file:") ? storeUrl.slice("file:".length) : storeUrl;
  if (/^[a-z]+:\/\//i.test(storeUrl) || storeUrl === ":memory:" || !existsSync(file)) return [];
  const { openStore } = await import("../../store/index.js");
  const { tunedModelCatalog } = await import("../../runtime/tuned-model-catalog.js");
  const store = await openStore({ url: storeUrl });
  try {
    return await tunedModelCatalog(store);
  } finally {
    await store.close();
  }
}

/** Prints the catalog and the pulled embedded models, as tables or JSON. */
export async function listModels(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const config = await context.config();
  const models = await registry(context);
  const entries = models.catalog.list();
  const pulled = (await listPulledModels(config.home)).map((model) => ({
    id: `local:${model.alias}`,
    alias: model.alias,
    kind: model.kind,
    size: model.size,
    sha256: model.sha256,
    source: model.source,
    pulledAt: model.pulledAt,
    files: model.files.map((file) => ({ name: file.name, size: file.size, sha256: file.sha256 })),
  }));
  if (options.json === true) {
    context.terminal.line(JSON.stringify({ providers: models.providerNames(), models: entries, pulled }, null, 2));
    return;
  }
  context.terminal.line(
    renderTable(
      ["model", "type", "context", "$/M in", "$/M out", "tools", "json"],
      entries.map((info) => [
        info.id,
        info.type,
        info.contextWindow === undefined ? "-" : String(info.contextWindow),
        info.price === undefined ? "-" : String(info.price.input),
        info.price === undefined ? "-" : String(info.price.output),
        info.capabilities.tools ? "yes" : "no",
        info.capabilities.json ? "yes" : "no",
      ]),
    ),
  );
  context.terminal.line();
  if (pulled.length === 0) context.terminal.line("no embedded models pulled yet (they are pulled on first use, or with `flywheel models pull default`)");
  else {
    context.terminal.line(renderTable(["pulled", "kind", "size", "sha256", "source"], pulled.map((model) => [model.id, model.kind, formatBytes(model.size), model.sha256.slice(0, 16), model.source])));
  }
  context.terminal.info(`providers: ${models.providerNames().join(", ")} — any provider:model id works; prices are USD per million tokens`);
}

/** Prints one model's catalog entry; for an embedded model also its files' SHA-256, its sources and whether it is pulled. */
export async function modelInfo(context: CommandContext, id: string, options: { json?: boolean }): Promise<void> {
  const models = await registry(context);
  const info: ModelInfo = models.info(id);
  if (!models.providerNames().includes(info.provider)) {
    // Resolving the model raises the same clear unknown-provider error that a call would.
    models.languageModel(id);
  }
  const local = info.provider === "local" ? await localDetails((await context.config()).home, info.id.slice("local:".length)) : undefined;
  if (options.json === true) {
    context.terminal.line(JSON.stringify(local === undefined ? info : { ...info, local }, null, 2));
    return;
  }
  const rows: [string, string][] = [
    ["model", info.id],
    ["provider", info.provider],
    ["type", info.type],
    ["context window", info.contextWindow === undefined ? "unknown" : `${info.contextWindow} tokens`],
    ["max output", info.maxOutputTokens === undefined ? "unknown" : `${info.maxOutputTokens} tokens`],
    ["price", info.price === undefined ? "unknown (add it under models: in flywheel.config.yaml)" : `$${info.price.input} in / $${info.price.output} out per million tokens`],
    ["capabilities", Object.entries(info.capabilities).filter(([, on]) => on).map(([name]) => name).join(", ") || "none known"],
    ["facts from", info.source],
  ];
  if (info.notes !== undefined) rows.push(["notes", info.notes]);
  if (local !== undefined) {
    for (const file of local.files) rows.push(["sha256", `${file.sha256}  ${file.name}`]);
    for (const file of local.builtFrom) rows.push(["built from", `${file.sha256}  ${file.name}`]);
    for (const source of local.sources) rows.push(["source", source]);
    rows.push([
      "pulled",
      local.pulled === undefined ? "not yet (pulled on first use, or with `flywheel models pull`)" : `${formatBytes(local.pulled.size)} on ${local.pulled.pulledAt.slice(0, 10)} from ${local.pulled.resolvedSource}`,
    ]);
  }
  for (const [key, value] of rows) context.terminal.line(`${key.padEnd(15)} ${value}`);
}

/** An embedded model's files and hashes, where it comes from, and what the store holds. */
interface LocalModelDetails {
  files: CatalogFile[];
  /** Files fetched only to build the model from (the safetensors an ONNX graph is built from). */
  builtFrom: CatalogFile[];
  sources: string[];
  pulled: Pick<PulledModel, "size" | "sha256" | "resolvedSource" | "pulledAt"> | undefined;
}

async function localDetails(home: string, alias: string): Promise<LocalModelDetails> {
  const entry = findCatalogEntry(alias);
  const canonical = entry?.alias ?? alias;
  const pulled = (await listPulledModels(home)).find((model) => model.alias === canonical);
  // The catalog's hashes are what every pull is checked against; a model pulled from a URL or file has only its manifest's.
  const files = entry?.files ?? pulled?.files.map(({ name, sha256, size }) => ({ name, sha256, size })) ?? [];
  const main = entry?.mainFile ?? pulled?.mainFile;
  return {
    files: [...files].sort((a, b) => Number(b.name === main) - Number(a.name === main)),
    builtFrom: entry?.inputs ?? [],
    sources: entry?.sources.map(describeSource) ?? (pulled === undefined ? [] : [pulled.source]),
    pulled: pulled === undefined ? undefined : { size: pulled.size, sha256: pulled.sha256, resolvedSource: pulled.resolvedSource, pulledAt: pulled.pulledAt },
  };
}

function describeSource(source: CatalogSource): string {
  if (source.type === "pypi") return `pypi:${source.requirements.join(",")}`;
  if (source.type === "maven") return `maven:${source.coordinates}`;
  if (source.files.length === 1) return source.files[0]!.url;
  const folder = source.files[0]!.url.slice(0, source.files[0]!.url.lastIndexOf("/") + 1);
  return `${folder} (${source.files.map((file) => file.url.slice(folder.length)).join(", ")})`;
}
