import type { FlywheelConfig } from "../../config/index.js";
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

/** Cleaning and split settings from the command line over the config's defaults. */
export function datasetBuildSettings(config: FlywheelConfig, options: DatasetBuildOptions, flywheel?: Flywheel): { clean: CleanOptions; split: SplitOptions } {
  let maxTokens = options.maxTokens;
  if (maxTokens === undefined && options.targetModel !== undefined && flywheel !== undefined) {
    maxTokens = flywheel.models.info(options.targetModel).contextWindow;
  }
  return {
    clean: {
      dedupeExact: options.dedupe !== false,
      nearDuplicateThreshold: options.dedupe === false ? false : (options.nearDupThreshold ?? config.datasets.nearDuplicateThreshold),
      ...(maxTokens === undefined ? {} : { maxTokens }),
    },
    split: {
      seed: options.seed ?? config.datasets.seed,
      fractions: options.split === undefined ? config.datasets.split : parseSplitFractions(options.split),
      groupThreshold: config.datasets.groupThreshold,
    },
  };
}
