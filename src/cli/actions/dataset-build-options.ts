import type { CleanOptions, SplitOptions } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { DatasetBuildOptions } from "../commands/datasets.js";

/** Parses `0.8,0.1,0.1` into split fractions. */
export function parseSplitFractions(text: string): { train: number; validation: number; test: number } {
  const parts = text.split(",").map((part) => Number(part.trim()));
  const [train, validation, test] = parts;
  if (parts.length !== 3 || parts.some((part) => !Number.isFinite(part) || part < 0) || Math.abs(parts.reduce((a, b) => a + b, 0) - 1) > 1e-6) {
    throw new UsageError(`invalid split "${text}"`, "give three fractions that add up to 1, e.g. --split 0.8,0.1,0.1");
  }
  return { train: train!, validation: validation!, test: test! };
}

/**
 * Cleaning and split settings given on the command line; what is not given the library
 * takes from `datasets` in config.
 */
export function datasetBuildSettings(options: DatasetBuildOptions, flywheel: Flywheel): { clean: CleanOptions; split: SplitOptions } {
  const maxTokens = options.maxTokens ?? (options.targetModel === undefined ? undefined : flywheel.models.info(options.targetModel).contextWindow);
  return {
    clean: {
      dedupeExact: options.dedupe !== false,
      ...(options.dedupe === false ? { nearDuplicateThreshold: false } : options.nearDupThreshold === undefined ? {} : { nearDuplicateThreshold: options.nearDupThreshold }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
    },
    split: splitFlags(options),
  };
}

/** `--seed` and `--split`, when given. */
export function splitFlags(options: Pick<DatasetBuildOptions, "seed" | "split">): SplitOptions {
  return {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.split === undefined ? {} : { fractions: parseSplitFractions(options.split) }),
  };
}
