import type { InterestEntry, InterestKind } from "./interest-profile.js";

/** A declared topic (`radar.topics`): the strongest kind of interest. */
export function topicInterest(topic: string): InterestEntry {
  return { kind: "topic", terms: [topic], weight: 1, label: `your topic "${topic}"` };
}

/** A model the user's traces call, weighed by how often: "you call openai:gpt-4o-mini 1,204 times a week". */
export function modelUsageInterest(model: string, callsPerWeek: number): InterestEntry {
  const calls = Math.round(callsPerWeek);
  return {
    kind: "model",
    model,
    terms: [],
    weight: Math.min(1.4, 0.6 + 0.15 * Math.log10(1 + calls)),
    label: `you call ${model} ${calls.toLocaleString("en-US")} time${calls === 1 ? "" : "s"} a week`,
  };
}

/** A model named by a prompt file or an eval suite of the project. */
export function modelMentionInterest(model: string, kind: "prompt" | "eval", name: string): InterestEntry {
  const label = kind === "prompt" ? `your prompt ${name} runs on ${model}` : `your eval suite ${name} tests ${model}`;
  return { kind: "model", model, terms: [], weight: 0.7, label };
}

const WORK_WEIGHTS: Record<Exclude<InterestKind, "topic" | "model">, number> = { prompt: 0.5, eval: 0.5, collection: 0.6 };
const WORK_LABELS: Record<Exclude<InterestKind, "topic" | "model">, string> = { prompt: "your prompt", eval: "your eval suite", collection: "your collection" };

/** Key terms of a prompt file, an eval suite or a collection; the reason line lists the terms that matched. */
export function workInterest(kind: "prompt" | "eval" | "collection", name: string, terms: readonly string[]): InterestEntry {
  return { kind, terms: [...terms], weight: WORK_WEIGHTS[kind], label: `${WORK_LABELS[kind]} ${name}` };
}

/** One entry per model (the weightiest reason wins) and every other entry as it is. */
export function mergeInterests(entries: readonly InterestEntry[]): InterestEntry[] {
  const byModel = new Map<string, InterestEntry>();
  const others: InterestEntry[] = [];
  for (const entry of entries) {
    if (entry.model === undefined) {
      if (entry.terms.length > 0) others.push(entry);
      continue;
    }
    const known = byModel.get(entry.model);
    if (known === undefined || entry.weight > known.weight) byModel.set(entry.model, entry);
  }
  return [...byModel.values(), ...others];
}
