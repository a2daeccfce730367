/** Where an interest comes from: declared, or read off the user's own work. */
export type InterestKind = "topic" | "model" | "prompt" | "eval" | "collection";

/** One thing the user cares about, with how much and why. */
export interface InterestEntry {
  kind: InterestKind;
  /** For model interests: the `provider:model` id, matched however news writes the name. */
  model?: string;
  /** Words or phrases matched in a cluster's text (for topics, the topic itself first). */
  terms: string[];
  /** How much a match counts; 1 is a declared topic. */
  weight: number;
  /** The reason line a match gives: "you call anthropic:claude-haiku-4-5 1,204 times a week". */
  label: string;
}

/** What the user cares about, from declared topics and their own traces, prompts, evals and collections. */
export interface InterestProfile {
  entries: InterestEntry[];
  /** The declared topics, compared with cluster titles by embedding. */
  topics: string[];
}
