import { copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors/index.js";
import { sha256File } from "./file-hash.js";
import { readManifest, writeManifest } from "./manifest.js";
import type { ModelManifest } from "./manifest.js";
import type { PulledModel } from "./pull-types.js";
import { toPulledModel } from "./pulled-model.js";
import { checkAlias, modelDirectory } from "./store-paths.js";

/** Options of `registerAdapterModel`. */
export interface RegisterAdapterModelOptions {
  /** Flywheel's home; the model goes to `<home>/models/<alias>`. */
  home: string;
  /** Alias of the new model (`local:<alias>`). */
  alias: string;
  /** The GGUF LoRA adapter to copy into the store. */
  adapterFile: string;
  /** The base chat model in the store (its canonical alias). */
  base: PulledModel;
  /** The job, dataset version and base it came from. */
  origin: NonNullable<ModelManifest["origin"]>;
  /** Replace a model already stored under the alias (default false). */
  replace?: boolean;
}

/**
 * Adds a fine-tuned model to the store: its GGUF LoRA adapter, verified by SHA-256, and a
 * manifest naming the base model it runs on and where it came from. The runtime loads the
 * base GGUF with the adapter. Written to a staging folder and renamed into place, so a
 * failure leaves no half-registered model.
 */
export async function registerAdapterModel(options: RegisterAdapterModelOptions): Promise<PulledModel> {
  const alias = checkAlias(options.alias);
  if (options.base.kind !== "chat" || options.base.format !== "gguf" || options.base.base !== undefined) {
    throw new UsageError(`local:${options.base.alias} cannot be a base for a LoRA adapter`, "use a GGUF chat model that is not itself an adapter, e.g. local:default");
  }
  const existing = await readManifest(options.home, alias);
  if (existing !== undefined && options.replace !== true) {
    throw new UsageError(`a local model named "${alias}" already exists`, "choose another --name, or remove it first with `flywheel models rm`");
  }
  const target = modelDirectory(options.home, alias);
  const staging = `${target}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const file = "adapter.gguf";
    await copyFile(options.adapterFile, path.join(staging, file));
    const info = await stat(path.join(staging, file));
    const sha256 = await sha256File(path.join(staging, file));
    const manifest: ModelManifest = {
      version: 1,
      alias,
      aliases: [],
      kind: "chat",
      format: "gguf",
      mainFile: file,
      files: [{ name: file, size: info.size, sha256, mtimeMs: info.mtimeMs }],
      size: info.size,
      sha256,
      source: `finetune:${options.origin.jobId}`,
      resolvedSource: `LoRA adapter on local:${options.base.alias}`,
      pulledAt: new Date().toISOString(),
      ...(options.base.license === undefined ? {} : { license: options.base.license }),
      ...(options.base.contextWindow === undefined ? {} : { contextWindow: options.base.contextWindow }),
      base: options.base.alias,
      origin: options.origin,
    };
    await rm(target, { recursive: true, force: true });
    await rename(staging, target);
    await writeManifest(options.home, manifest);
    return toPulledModel(options.home, manifest, true);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
