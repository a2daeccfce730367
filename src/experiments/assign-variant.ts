import { createHash } from "node:crypto";
import type { ExperimentConfig } from "../config/index.js";

/**
 * The variant a unit gets in an experiment, the same on every call and in every process:
 * SHA-256 of `<salt>:<unit>` (salt: the experiment's `salt`, else its name) read as a number
 * in [0, 1), then the first variant whose cumulative share covers it. Weights are normalised
 * (1 or 100 both work); without weights every variant gets an equal share.
 */
export function assignVariant(options: { name: string; experiment: Pick<ExperimentConfig, "variants" | "salt">; unit: string }): string {
  const variants = Object.entries(options.experiment.variants);
  const total = variants.reduce((sum, [, variant]) => sum + (variant.weight ?? 1), 0);
  const point = unitPoint(`${options.experiment.salt ?? options.name}:${options.unit}`) * total;
  let covered = 0;
  for (const [name, variant] of variants) {
    covered += variant.weight ?? 1;
    if (point < covered) return name;
  }
  // Rounding can leave the very top of the range uncovered: it belongs to the last variant.
  return variants.at(-1)![0];
}

/** The first 52 bits of the key's SHA-256 as a number in [0, 1): uniform, and exact in a double. */
function unitPoint(key: string): number {
  const digest = createHash("sha256").update(key).digest();
  return (digest.readUInt32BE(0) * 2 ** 20 + (digest.readUInt32BE(4) >>> 12)) / 2 ** 52;
}
