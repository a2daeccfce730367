import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mergeInterests, modelMentionInterest, modelUsageInterest, topicInterest, workInterest } from "../../src/radar/rank/index.js";
import type { InterestProfile } from "../../src/radar/rank/index.js";
import type { RadarCluster } from "../../src/radar/radar-types.js";

/** A labelled ranking fixture (test/fixtures/radar/relevance-*.json) read into radar types. */
export interface RelevanceFixture {
  now: number;
  profile: InterestProfile;
  clusters: RadarCluster[];
  /** Graded relevance 0..3 by cluster id. */
  grades: Map<string, number>;
}

interface FixtureFile {
  now: string;
  profile: {
    topics: string[];
    models: { id: string; callsPerWeek: number }[];
    prompts: { name: string; model?: string; terms: string[] }[];
    evals: { name: string; models: string[]; terms: string[] }[];
    collections: { name: string; terms: string[] }[];
  };
  clusters: { id: string; title: string; text: string; sources: string[]; publishedAt: string; relevance: number }[];
}

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "radar");

/** Reads `relevance-<name>.json`: its profile built with the same entry constructors the radar uses, each cluster one item per source. */
export function readRelevanceFixture(name: "tune" | "confirm"): RelevanceFixture {
  const file = JSON.parse(readFileSync(path.join(folder, `relevance-${name}.json`), "utf8")) as FixtureFile;
  const { topics, models, prompts, evals, collections } = file.profile;
  const profile: InterestProfile = {
    topics,
    entries: mergeInterests([
      ...topics.map(topicInterest),
      ...models.map((model) => modelUsageInterest(model.id, model.callsPerWeek)),
      ...prompts.flatMap((prompt) => [...(prompt.model === undefined ? [] : [modelMentionInterest(prompt.model, "prompt", prompt.name)]), workInterest("prompt", prompt.name, prompt.terms)]),
      ...evals.flatMap((suite) => [...suite.models.map((model) => modelMentionInterest(model, "eval", suite.name)), workInterest("eval", suite.name, suite.terms)]),
      ...collections.map((collection) => workInterest("collection", collection.name, collection.terms)),
    ]),
  };
  const clusters = file.clusters.map((cluster): RadarCluster => {
    const at = Date.parse(cluster.publishedAt);
    return {
      id: cluster.id,
      title: cluster.title,
      items: cluster.sources.map((source, index) => ({
        id: `${cluster.id}-${index}`,
        sourceUrl: `https://feeds.example/${index}`,
        sourceName: source,
        url: `https://news.example/${cluster.id}/${index}`,
        canonicalUrl: `https://news.example/${cluster.id}/${index}`,
        title: cluster.title,
        text: cluster.text,
        publishedAt: at,
        fetchedAt: at,
        contentHash: `${cluster.id}-${index}`,
        clusterId: cluster.id,
      })),
      sources: cluster.sources,
      firstSeenAt: at,
      lastSeenAt: at,
    };
  });
  return { now: Date.parse(file.now), profile, clusters, grades: new Map(file.clusters.map((cluster) => [cluster.id, cluster.relevance])) };
}
