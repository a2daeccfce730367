import { readFile, writeFile } from "node:fs/promises";
import { UnsupportedModelSourceError } from "../model-store-errors.js";
import { bertConfigSchema } from "./bert-config.js";
import { readSafetensors } from "./safetensors-file.js";

/**
 * Turns a BERT sentence-embedding model's `model.safetensors` and `config.json` into an ONNX
 * graph at `destination`, so onnxruntime can run it with no Python or PyTorch.
 */
export async function convertBertToOnnx(options: { safetensors: string; config: string; destination: string }): Promise<void> {
  const parsed = bertConfigSchema.safeParse(JSON.parse(await readFile(options.config, "utf8")));
  if (!parsed.success) {
    throw new UnsupportedModelSourceError({
      source: options.config,
      detail: "only BERT encoders with absolute positions and GELU can be converted to ONNX",
    });
  }
  const weights = await readSafetensors(options.safetensors);
  // The ONNX protobuf schema is only needed here, once per pull: load it on demand.
  const { buildBertOnnx } = await import("./bert-onnx-graph.js");
  await writeFile(options.destination, buildBertOnnx(parsed.data, weights));
}
