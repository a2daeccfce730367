import { generateText } from "ai";
import { toFlywheelError } from "../../errors/index.js";
import type { RadarContext, SummariseStep } from "../radar-pipeline.js";
import type { DigestEntry, RankedCluster } from "../radar-types.js";
import { checkCitations } from "./check-citations.js";
import type { CheckedSentence } from "./check-citations.js";
import { extractiveSummary } from "./extractive-summary.js";
import { MAX_PROMPT_ITEMS, SUMMARY_SYSTEM, summaryPrompt } from "./summary-prompt.js";

/** Clusters summarised at once: enough to overlap hosted calls, few enough not to crowd a local model. */
const CONCURRENCY = 3;
/** Output tokens of one summary: three short sentences. */
const MAX_OUTPUT_TOKENS = 160;

/**
 * Summarises each ranked cluster with the configured model (`radar.model`, else the default
 * model) in one to three sentences citing its items as `[n]`, then keeps only the sentences
 * whose citations exist and are supported by the cited item's words (`checkCitations`). When
 * none is left, or the call fails, the entry gets the lead sentences of its first items, each
 * cited, so no sentence of a digest is ever uncited. Citations are numbered per entry from 1,
 * in order of first use. Clusters run a few at a time; each reports one progress line.
 */
export const summariseClusters: SummariseStep = async (context, clusters) => {
  const entries: DigestEntry[] = new Array(clusters.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < clusters.length) {
      const index = next++;
      const cluster = clusters[index]!;
      const { entry, how } = await summariseCluster(context, cluster);
      entries[index] = entry;
      done += 1;
      // A feed title is untrusted: no control characters reach the terminal.
      context.progress(`summarised ${done}/${clusters.length} (${how}): ${cluster.title.replace(/\p{Cc}/gu, " ").slice(0, 80)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, clusters.length) }, worker));
  return entries;
};

async function summariseCluster(context: RadarContext, cluster: RankedCluster): Promise<{ entry: DigestEntry; how: string }> {
  const items = cluster.items.slice(0, MAX_PROMPT_ITEMS).map((item, index) => ({ n: index + 1, item, title: item.title, text: item.text }));
  let sentences: CheckedSentence[] = [];
  let how: string;
  try {
    const { text } = await generateText({
      model: context.flywheel.model(context.config.model),
      system: SUMMARY_SYSTEM,
      prompt: summaryPrompt(items),
      temperature: 0,
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      // The provider layer retries; a second layer here would multiply requests.
      maxRetries: 0,
      abortSignal: context.signal,
    });
    const check = checkCitations(text, items.map(({ n, title, text: body }) => ({ n, text: `${title}\n${body}` })));
    sentences = check.sentences.slice(0, 3);
    const dropped = check.dropped.length;
    how = sentences.length === 0 ? "no sentence was cited and supported" : dropped === 0 ? "model" : `model, ${dropped} sentence${dropped === 1 ? "" : "s"} dropped`;
  } catch (error) {
    if (context.signal?.aborted === true) throw error;
    how = `model failed: ${toFlywheelError(error).message.split("\n")[0]}`;
  }
  if (sentences.length === 0) {
    sentences = extractiveSummary(items);
    how = `extractive, ${how}`;
  }
  return { entry: toEntry(cluster, items, sentences), how };
}

/** Renumbers the cited items 1..m in order of first use, and lists exactly those as citations. */
function toEntry(cluster: RankedCluster, items: { n: number; item: RankedCluster["items"][number] }[], sentences: CheckedSentence[]): DigestEntry {
  const order: number[] = [];
  for (const sentence of sentences) for (const n of sentence.cited) if (!order.includes(n)) order.push(n);
  const renumber = (n: number) => order.indexOf(n) + 1;
  const summary = sentences.map((sentence) => sentence.text.replace(/\[(\d+)\]/g, (_, n: string) => `[${renumber(Number(n))}]`)).join(" ");
  return {
    clusterId: cluster.id,
    title: cluster.title,
    score: cluster.score,
    reason: cluster.reason,
    summary,
    citations: order.map((n, index) => {
      const { item } = items[n - 1]!;
      return { n: index + 1, itemId: item.id, url: item.url, title: item.title, source: item.sourceName };
    }),
    sources: cluster.sources,
  };
}
