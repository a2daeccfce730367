import type { ExperimentConfig, FlywheelConfig } from "../config/index.js";
import type { Store } from "../store/index.js";
import { experimentConfigOf } from "./experiment-config-of.js";
import { UnknownVariantError } from "./experiment-errors.js";

/** Ends the declared experiment `name` with `variant` as the winner every unit gets from `at` on; returns the winner's declaration. */
export async function shipExperiment(runtime: { config: FlywheelConfig; store: Store }, name: string, variant: string, at: number): Promise<ExperimentConfig["variants"][string]> {
  const variants = experimentConfigOf(runtime.config, name).variants;
  const winner = Object.hasOwn(variants, variant) ? variants[variant] : undefined;
  if (winner === undefined) throw new UnknownVariantError({ experiment: name, variant, known: Object.keys(variants) });
  await runtime.store.experiments.ship(name, variant, at);
  return winner;
}

/** Ends the declared experiment `name` without a winner: units get the control again. */
export async function stopExperiment(runtime: { config: FlywheelConfig; store: Store }, name: string, at: number): Promise<void> {
  experimentConfigOf(runtime.config, name);
  await runtime.store.experiments.stop(name, at);
}
