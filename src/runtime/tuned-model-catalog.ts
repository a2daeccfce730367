import type { ModelInfo } from "../models/index.js";
import type { Store } from "../store/index.js";

/**
 * Catalog entries for hosted fine-tuned models (`openai:ft:...`) from the fine-tuning jobs
 * that produced them, each linked to its job, dataset version and base. (Local tuned models
 * are in the model store and come with the embedded provider.)
 */
export async function tunedModelCatalog(store: Store): Promise<ModelInfo[]> {
  const jobs = await store.jobs.list({ queue: "finetune", states: ["succeeded"], limit: 1000 });
  const entries: ModelInfo[] = [];
  for (const job of jobs) {
    const model = job.result?.model;
    if (typeof model !== "string" || model.startsWith("local:") || !model.includes(":")) continue;
    entries.push({
      id: model,
      provider: model.slice(0, model.indexOf(":")),
      type: "chat",
      capabilities: { tools: true, json: true, vision: false },
      source: "provider",
      notes: `fine-tuned from ${String(job.payload.baseModel)} on ${String(job.payload.dataset)}@${String(job.payload.datasetVersion)} by job ${job.jobId}`,
    });
  }
  return entries;
}
