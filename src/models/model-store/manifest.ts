import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-file.js";
import { ModelStoreDiskError } from "./model-store-errors.js";
import { manifestPath } from "./store-paths.js";

const embeddingSettingsSchema = z.object({
  dimensions: z.number().int().positive(),
  maxSequenceLength: z.number().int().positive(),
  tokenizerFile: z.string(),
  outputName: z.string().optional(),
  pooling: z.enum(["mean", "cls", "none"]),
  normalize: z.boolean(),
  queryPrefix: z.string().optional(),
  documentPrefix: z.string().optional(),
});

/** The manifest written beside a pulled model's files, last, once every file is verified. */
export const modelManifestSchema = z.object({
  /** Manifest format version. */
  version: z.literal(1),
  /** Canonical alias (the folder name). */
  alias: z.string(),
  /** Other names that resolve to this model (`default`, `embed`). */
  aliases: z.array(z.string()),
  kind: z.enum(["chat", "embedding"]),
  format: z.enum(["gguf", "onnx"]),
  /** The file the runtime loads. */
  mainFile: z.string(),
  /** Every file of the model with its size and SHA-256. */
  files: z.array(
    z.object({
      name: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      /** Modification time when verified; a changed time makes `resolveModel` hash the file again. */
      mtimeMs: z.number(),
    }),
  ),
  /** Total size in bytes. */
  size: z.number().int().nonnegative(),
  /** SHA-256 of the main file. */
  sha256: z.string(),
  /** What was pulled: a catalog alias, `pypi:<requirement>`, a URL or a file path. */
  source: z.string(),
  /** The concrete source used, e.g. the requirements pip fetched. */
  resolvedSource: z.string(),
  /** ISO time of the pull. */
  pulledAt: z.string(),
  /** Licence, when known from the catalog. */
  license: z.string().optional(),
  /** Context window in tokens, when known. */
  contextWindow: z.number().int().positive().optional(),
  /** How to run an embedding model. */
  embedding: embeddingSettingsSchema.optional(),
});

/** A pulled model as recorded in its manifest. */
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** Reads a model's manifest; undefined when the model is not in the store or its manifest is unreadable. */
export async function readManifest(home: string, alias: string): Promise<ModelManifest | undefined> {
  const file = manifestPath(home, alias);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw new ModelStoreDiskError({ path: file, action: "read", cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = modelManifestSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Writes a model's manifest atomically. */
export async function writeManifest(home: string, manifest: ModelManifest): Promise<void> {
  await writeFileAtomic(manifestPath(home, manifest.alias), `${JSON.stringify(manifest, null, 2)}\n`);
}
