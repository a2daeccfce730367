import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UnsupportedModelSourceError } from "../model-store-errors.js";

/** One float32 tensor read from a safetensors file. */
export interface Float32Tensor {
  shape: number[];
  data: Float32Array;
}

const headerSchema = z.record(
  z.string(),
  z.union([
    z.object({ dtype: z.string(), shape: z.array(z.number().int()), data_offsets: z.tuple([z.number(), z.number()]) }),
    z.record(z.string(), z.string()),
  ]),
);

/**
 * Reads the F32 tensors of a safetensors file (an 8-byte little-endian header length, a
 * JSON header of names, dtypes, shapes and byte offsets, then the raw data).
 */
export async function readSafetensors(file: string): Promise<Map<string, Float32Tensor>> {
  const bytes = await readFile(file);
  const unreadable = (detail: string) => new UnsupportedModelSourceError({ source: file, detail, hint: "the weights are damaged or not a safetensors file: pull from another source" });
  if (bytes.length < 8) throw unreadable("it is too short to be a safetensors file");
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (headerLength > bytes.length - 8) throw unreadable("its header is longer than the file");
  const parsed = headerSchema.safeParse(parseJson(bytes.subarray(8, 8 + headerLength).toString("utf8")));
  if (!parsed.success) throw unreadable("its safetensors header is unreadable");
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, Float32Tensor>();
  for (const [name, info] of Object.entries(parsed.data)) {
    if (name === "__metadata__" || !("dtype" in info) || info.dtype !== "F32") continue;
    const [begin, end] = info.data_offsets as [number, number];
    // Copy: the data is not necessarily 4-byte aligned inside the file buffer.
    const copy = new Uint8Array(bytes.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape: info.shape as number[], data: new Float32Array(copy.buffer) });
  }
  return tensors;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
