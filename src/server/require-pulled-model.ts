import { parseModelId } from "../models/index.js";
import { resolveModel } from "../models/model-store/index.js";
import type { Flywheel } from "../runtime/index.js";

/**
 * Refuses a request for a local model that is not in the store yet (409, hint
 * `flywheel models pull <alias>`): a request never starts a download or a `pip` process
 * unless the config's `server.allowModelDownloads` is true. Hosted models pass.
 */
export async function requirePulledModel(flywheel: Flywheel, modelId: string): Promise<void> {
  const { config } = flywheel;
  if (config.server.allowModelDownloads) return;
  const parsed = parseModelId(modelId);
  if (parsed.provider !== "local") return;
  const model = await resolveModel(config.home, parsed.model, { autoPull: false });
  // A fine-tuned model is an adapter on a base model, which must be in the store too.
  if (model.base !== undefined) await resolveModel(config.home, model.base, { autoPull: false });
}
