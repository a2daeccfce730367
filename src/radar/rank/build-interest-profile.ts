import type { RadarContext } from "../radar-pipeline.js";
import { mergeInterests, topicInterest } from "./interest-entries.js";
import type { InterestProfile } from "./interest-profile.js";
import { projectInterests } from "./project-interests.js";
import { storeInterests } from "./store-interests.js";

/**
 * What the user cares about: declared topics (`radar.topics`), the models their traces call
 * (per week), their prompt files and eval suites, and their collections' key terms. Each entry
 * carries a weight and the label its reason line shows.
 */
export async function buildInterestProfile(context: RadarContext): Promise<InterestProfile> {
  const topics = context.config.topics;
  const [fromStore, fromProject] = await Promise.all([storeInterests(context.flywheel.store, context.now), projectInterests(context.cwd, context.config.evals)]);
  return { entries: mergeInterests([...topics.map(topicInterest), ...fromStore, ...fromProject]), topics };
}
