import { ask } from "../../rag/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { TargetUnreachableError } from "../redteam-errors.js";
import type { RedteamTarget, TargetInput } from "../redteam-types.js";

/**
 * A collection with its answer prompt as a target (`rag:<collection>`). A planted document is
 * added to the retrieved passages of that one question, as if it were in the corpus; the
 * user's collection is never written to.
 */
export async function openRagTarget(flywheel: Flywheel, reference: string, model: string | undefined): Promise<RedteamTarget> {
  const collection = reference.slice("rag:".length);
  const known = await flywheel.store.collections.get(collection).catch(() => undefined);
  if (known === undefined || known === null) throw new TargetUnreachableError(reference, `no collection named "${collection}"`, "ingest documents first: flywheel ingest <folder> --collection <name> (flywheel collections list)");
  return {
    info: { kind: "rag", id: reference, label: collection, tools: [], systemPrompt: false, ownSecrets: [] },
    async run(input: TargetInput, { signal }) {
      const started = Date.now();
      const question = input.messages.at(-1)!.content;
      const planted = input.plant === undefined ? [] : [{ source: `${input.plant.title ?? "planted"}.md`, title: input.plant.title ?? "Planted document", text: input.plant.text }];
      const result = await ask(flywheel, { collection, question, ...(model === undefined ? {} : { model }), plantedPassages: planted, signal, tags: ["redteam"] });
      return {
        output: result.answer,
        transcript: [...input.messages, { role: "assistant", content: result.answer }],
        toolCalls: [],
        citations: result.citations.map((citation) => ({ index: citation.number, source: citation.source, text: citation.text })),
        citedIndexes: result.cited,
        traceId: result.traceId,
        costUsd: 0,
        tokens: (result.usage.inputTokens ?? 0) + (result.usage.outputTokens ?? 0),
        durationMs: Date.now() - started,
      };
    },
    async close() {},
  };
}
