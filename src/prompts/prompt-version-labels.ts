import type { Store } from "../store/index.js";
import type { TraceLabels } from "../traces/index.js";
import type { PromptFile } from "./prompt-file.js";

/** The trace labels of a call that runs a prompt file: its name, file and version. */
export function promptTraceLabels(file: PromptFile): TraceLabels {
  return { promptName: file.name, promptFile: file.file, promptHash: file.hash };
}

const recorded = new WeakMap<object, Set<string>>();

/**
 * Stores the prompt's version (name, hash, text) the first time this process uses it with
 * this store, so that `prompts show name@hash` and `prompts diff` can show it after the file
 * has changed. Later calls with the same version cost nothing.
 */
export async function recordPromptVersion(store: Pick<Store, "prompts">, file: PromptFile, now = Date.now()): Promise<void> {
  const seen = recorded.get(store) ?? new Set<string>();
  recorded.set(store, seen);
  const key = `${file.name}\u0000${file.hash}`;
  if (seen.has(key)) return;
  seen.add(key);
  try {
    await store.prompts.recordVersion({ name: file.name, hash: file.hash, file: file.file ?? null, source: file.source, firstSeenAt: now });
  } catch (error) {
    seen.delete(key);
    throw error;
  }
}
