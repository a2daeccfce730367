import { redteamProviderHandle } from "../redteam/obedient/redteam-provider-handle.js";
import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";
import { loadConfig } from "../config/index.js";
import type { FlywheelConfig, LoadConfigOptions } from "../config/index.js";
import { createModelRegistry } from "../models/index.js";
import type { ModelRegistry, ProviderHandle } from "../models/index.js";
import { localProviderHandle } from "../models/local/index.js";
import type { PullProgress } from "../models/model-store/index.js";
import { UsageError } from "../errors/index.js";
import { createExperimentAssigner, createExperimentHandle } from "../experiments/index.js";
import type { Experiment, ExperimentAssigner } from "../experiments/index.js";
import { createPgBossJobQueue, createStoreJobQueue } from "../jobs/index.js";
import type { JobQueue } from "../jobs/index.js";
import { createOnlineChecks } from "../prompts/checks/index.js";
import type { OnlineChecks } from "../prompts/checks/index.js";
import { isPostgresUrl, openStore } from "../store/index.js";
import type { Store } from "../store/index.js";
import { createTracing } from "../traces/index.js";
import { tunedModelCatalog } from "./tuned-model-catalog.js";
import type { Tracing } from "../traces/index.js";

/** Config, store, tracing and models wired together: what every command and capability runs on. */
export interface Flywheel {
  readonly config: FlywheelConfig;
  readonly store: Store;
  readonly tracing: Tracing;
  readonly models: ModelRegistry;
  /** The job queue: built once here, so every caller enqueues, watches and works the same queue. */
  readonly jobs: JobQueue;
  /** A traced chat model; the configured default when no id is given. */
  model(modelId?: string): LanguageModelV4;
  /** A traced embedding model; the configured default when no id is given. */
  embeddingModel(modelId?: string): EmbeddingModelV4;
  /** Online checks of prompts' live outputs: queued after each call, stored on its span. */
  readonly checks: OnlineChecks;
  /** The experiment `name` declared under `experiments:`: `variantFor(unit)` and `run({ unit, vars })`. */
  experiment(name: string): Experiment;
  /** Writes pending spans, releases models and closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** Options for `createFlywheel`. */
export interface CreateFlywheelOptions extends LoadConfigOptions {
  /** A config already loaded; when set, the file is not read again. */
  config?: FlywheelConfig;
  /** Extra providers by name (tests and embedders use this to plug in their own). */
  providers?: Record<string, ProviderHandle>;
  /** Progress of embedded models pulled on first use (for a progress bar). */
  onModelProgress?: (event: PullProgress) => void;
  /** Pull embedded models on first use (default true). */
  autoPullModels?: boolean;
}

/**
 * Loads config, opens the store, starts tracing and builds the model registry.
 *
 * ```ts
 * const flywheel = await createFlywheel();
 * const { text } = await generateText({ model: flywheel.model("openai:gpt-4o-mini"), prompt: "hi" });
 * await flywheel.close();
 * ```
 */
export async function createFlywheel(options: CreateFlywheelOptions = {}): Promise<Flywheel> {
  const config = options.config ?? (await loadConfig(options));
  const store = await openStore({ url: config.storeUrl });
  const tracing = createTracing({ store: config.traces.enabled ? store.traces : undefined, otlp: config.traces.otlp });
  const tunedModels = await tunedModelCatalog(store);
  // The registry (its catalog reads the pulled models' manifests) is built on first use:
  // commands that only read the store never build it.
  let models: ModelRegistry | undefined;
  const registry = (): ModelRegistry =>
    (models ??= createModelRegistry({
      config,
      tracer: tracing.tracer,
      cache: store.cache,
      extraProviders: {
        local: localProviderHandle({ home: config.home, env: config.env, autoPull: options.autoPullModels ?? true, onProgress: options.onModelProgress }),
        redteam: redteamProviderHandle(),
        ...options.providers,
      },
      extraCatalogEntries: tunedModels,
    }));
  let closed: Promise<void> | undefined;
  const jobs = createJobQueue(config, store);
  const checks = createOnlineChecks(() => flywheel);
  // One assigner per runtime, so each experiment's state is cached once for every caller.
  let assigner: ExperimentAssigner | undefined;
  const flywheel: Flywheel = {
    config,
    store,
    tracing,
    jobs,
    checks,
    get models() {
      return registry();
    },
    model: (modelId) => registry().languageModel(modelId ?? config.defaultModel),
    embeddingModel: (modelId) => registry().embeddingModel(modelId ?? config.defaultEmbeddingModel),
    experiment: (name) => createExperimentHandle(flywheel, (assigner ??= createExperimentAssigner({ config, store })), name),
    close() {
      closed ??= (async () => {
        // Checks still queued get a few seconds to finish, so a short-lived command records them.
        const unfinished = await checks.close(10_000);
        if (unfinished > 0) process.stderr.write(`warning: ${unfinished} online checks did not finish before the process closed\n`);
        await tracing.shutdown();
        await models?.close();
        await jobs.close?.();
        await store.close();
      })();
      return closed;
    },
  };
  return flywheel;
}

/** pg-boss on a PostgreSQL store (unless config says `local`), the in-process queue on a file. */
function createJobQueue(config: FlywheelConfig, store: Store): JobQueue {
  const postgres = isPostgresUrl(config.storeUrl);
  if (config.jobs.queue === "pg-boss" && !postgres) {
    throw new UsageError("jobs.queue is pg-boss, but the store is a libSQL file", "point FLYWHEEL_DB (or store.url) at PostgreSQL, or set jobs.queue to auto");
  }
  if (postgres && config.jobs.queue !== "local") return createPgBossJobQueue(store, { url: config.storeUrl, leaseSeconds: config.jobs.leaseSeconds });
  return createStoreJobQueue(store);
}
