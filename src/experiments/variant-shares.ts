import type { ExperimentConfig } from "../config/index.js";

/** Each variant's share of units, 0..1, in declaration order: the weights scaled to sum to 1, or equal shares when none are given. */
export function variantShares(config: ExperimentConfig): Record<string, number> {
  const variants = Object.entries(config.variants);
  const total = variants.reduce((sum, [, variant]) => sum + (variant.weight ?? 1), 0);
  return Object.fromEntries(variants.map(([name, variant]) => [name, (variant.weight ?? 1) / total]));
}
