import type { ExperimentConfig, FlywheelConfig } from "../config/index.js";
import { UnknownExperimentError } from "./experiment-errors.js";

/** The declared experiment `name`; throws UnknownExperimentError when the config has none by that name. */
export function experimentConfigOf(config: FlywheelConfig, name: string): ExperimentConfig {
  const experiment = Object.hasOwn(config.experiments, name) ? config.experiments[name] : undefined;
  if (experiment === undefined) throw new UnknownExperimentError({ name, known: Object.keys(config.experiments) });
  return experiment;
}
