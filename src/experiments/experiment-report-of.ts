import type { FlywheelConfig } from "../config/index.js";
import type { Store } from "../store/index.js";
import { buildExperimentReport } from "./build-experiment-report.js";
import { experimentConfigOf } from "./experiment-config-of.js";
import type { ExperimentReport } from "./experiment-types.js";

/** The report of the declared experiment `name` from the stored samples; one that has not run yet reads as running since `now`. */
export async function experimentReportOf(runtime: { config: FlywheelConfig; store: Store }, name: string, now: number): Promise<ExperimentReport> {
  const config = experimentConfigOf(runtime.config, name);
  const [state, samples] = await Promise.all([runtime.store.experiments.state(name), runtime.store.experiments.samples(name)]);
  return buildExperimentReport(config, state ?? { name, status: "running", winner: null, startedAt: samples[0]?.time ?? now, endedAt: null }, samples);
}
