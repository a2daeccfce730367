import { defaultPipeline } from "./default-pipeline.js";
import type { RadarContext } from "./radar-pipeline.js";
import type { Digest } from "./radar-types.js";
import { runRadar } from "./run-radar.js";

/** A whole radar run with the configured window and limit and the default steps: what a scheduled or queued run does. */
export function runDefaultRadar(context: RadarContext): Promise<Digest> {
  return runRadar(context, {}, defaultPipeline);
}
