import { writeFileSync } from "node:fs";
import path from "node:path";

/** A narrow behaviour the embedded base model lacks: answer a review with exactly one JSON object. */
export const SENTIMENT_SYSTEM = 'Classify the sentiment of the review. Reply with exactly {"sentiment": "positive"} or {"sentiment": "negative"}.';

const things = ["the pasta", "this phone", "the hotel room", "the service", "this movie", "the concert", "the headphones", "the coffee", "this novel", "the delivery", "the bike", "the sofa", "the museum tour", "the bakery", "this jacket", "the camera"];
const positive = ["wonderful", "excellent", "delightful", "fantastic", "superb", "lovely", "brilliant", "charming"];
const negative = ["terrible", "awful", "dreadful", "horrible", "disappointing", "bland", "miserable", "useless"];
const praise = ["I would gladly come back", "highly recommended", "worth every penny", "it made my day"];
const complaints = ["I want my money back", "never again", "a total waste", "avoid it"];

/** One review with its label. */
export interface Review {
  text: string;
  label: "positive" | "negative";
}

/** `count` distinct reviews, alternating positive and negative, the same for a given seed. */
export function sentimentReviews(count: number, seed = 7): Review[] {
  let state = seed;
  const next = (length: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * length);
  };
  const reviews: Review[] = [];
  const seen = new Set<string>();
  while (reviews.length < count) {
    const label = reviews.length % 2 === 0 ? "positive" : "negative";
    const thing = things[next(things.length)]!;
    const words = label === "positive" ? positive : negative;
    const tails = label === "positive" ? praise : complaints;
    const text = `${thing[0]!.toUpperCase()}${thing.slice(1)} was ${words[next(words.length)]!}, ${tails[next(tails.length)]!}.`;
    if (seen.has(text)) continue;
    seen.add(text);
    reviews.push({ text, label });
  }
  return reviews;
}

/** The reply the task wants. */
export function sentimentReply(label: Review["label"]): string {
  return JSON.stringify({ sentiment: label });
}

/** Writes `count` reviews as chat examples (system, review, wanted reply) to `sentiment.jsonl` in `folder`; returns its path. */
export function writeSentimentJsonl(folder: string, count: number): string {
  const file = path.join(folder, "sentiment.jsonl");
  const rows = sentimentReviews(count).map((review) => ({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] }));
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n"));
  return file;
}
