import { InvalidArgumentError } from "commander";
import type { RerankMethod } from "../rag/rag-settings.js";
import type { ChunkFilter } from "../store/index.js";

/** A commander parser for a search mode. */
export function searchMode(value: string): "auto" | "vector" | "bm25" | "hybrid" {
  if (value === "auto" || value === "vector" || value === "bm25" || value === "hybrid") return value;
  throw new InvalidArgumentError(`expected auto, vector, bm25 or hybrid, got "${value}"`);
}

/** A commander parser for a rerank method. */
export function rerankMethod(value: string): RerankMethod {
  if (value === "auto" || value === "pointwise" || value === "listwise" || value === "cross-encoder") return value;
  throw new InvalidArgumentError(`expected auto, pointwise, listwise or cross-encoder, got "${value}"`);
}

/** A commander parser for fusion weights, `vector=1,bm25=0.5`. */
export function fusionWeights(value: string): { vector?: number; bm25?: number } {
  const weights: { vector?: number; bm25?: number } = {};
  for (const part of value.split(",")) {
    const [name, number] = part.split("=").map((item) => item.trim());
    const parsed = Number(number);
    if ((name !== "vector" && name !== "bm25") || number === undefined || number === "" || !Number.isFinite(parsed) || parsed < 0) {
      throw new InvalidArgumentError(`expected weights like vector=1,bm25=0.5, got "${value}"`);
    }
    weights[name] = parsed;
  }
  return weights;
}

/**
 * Builds a filter from repeated `--filter` values: `source=docs/*`, `kind=pdf`, or any other
 * `key=value` for document metadata (`language=python`, `extension=md`).
 */
export function filterFrom(values: string[] | undefined): ChunkFilter | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const filter: ChunkFilter = {};
  for (const value of values) {
    const at = value.indexOf("=");
    if (at <= 0) throw new InvalidArgumentError(`expected --filter key=value, got "${value}"`);
    const key = value.slice(0, at).trim();
    const wanted = value.slice(at + 1).trim();
    if (key === "source") filter.sources = [...(filter.sources ?? []), wanted];
    else if (key === "kind") filter.kinds = [...(filter.kinds ?? []), wanted];
    else filter.metadata = { ...filter.metadata, [key]: wanted };
  }
  return filter;
}
