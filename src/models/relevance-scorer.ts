/** What a relevance scorer grades: one query against passages. */
export interface RelevanceRequest {
  query: string;
  /** Passages to grade, each on its own. */
  passages: string[];
  signal?: AbortSignal;
}

/** Relevance of each passage to the query, with what it cost. */
export interface RelevanceScores {
  /** One probability in [0, 1] per passage, in the order given: how likely the passage is relevant. */
  scores: number[];
  /** Tokens of all the prompts (or model inputs) together. */
  inputTokens: number;
  /** Tokens actually evaluated: fewer than `inputTokens` where a shared prefix was reused from the cache. */
  evaluatedTokens: number;
}

/** Grades passages one by one (pointwise) against a query: a chat model's yes/no probability or a cross-encoder. */
export type RelevanceScorer = (request: RelevanceRequest) => Promise<RelevanceScores>;
