const organisations = ["OpenAI", "Anthropic", "Google DeepMind", "Meta", "Mistral", "Alibaba Qwen", "DeepSeek", "Cohere", "Hugging Face", "Microsoft", "NVIDIA", "AI2"];
const families = ["GPT", "Claude", "Gemini", "Llama", "Mistral", "Qwen", "DeepSeek", "Command", "SmolLM", "Phi", "Nemotron", "OLMo"];
const sizes = ["0.5B", "1.5B", "3B", "7B", "8B", "14B", "32B", "70B", "123B", "405B"];
const topics = ["long-context retrieval", "tool calling", "code generation", "speculative decoding", "preference tuning", "quantisation", "mixture of experts", "structured output", "multilingual embeddings", "agent benchmarks", "prompt caching", "reasoning traces"];
const headlines: ((f: Facts) => string)[] = [
  (f) => `${f.organisation} releases ${f.family} ${f.version} ${f.size} with better ${f.topic}`,
  (f) => `${f.family} ${f.version} pricing drops to $${f.price} per million input tokens`,
  (f) => `Paper: ${f.topic} at ${f.size} scale beats larger baselines by ${f.gain}%`,
  (f) => `${f.organisation} open-sources a ${f.size} model for ${f.topic}`,
  (f) => `How ${f.family} ${f.version} handles ${f.topic}: a ${f.gain}-task evaluation`,
  (f) => `${f.organisation} deprecates ${f.family} ${f.version} in favour of a ${f.size} successor`,
];

interface Facts {
  organisation: string;
  family: string;
  version: string;
  size: string;
  topic: string;
  price: string;
  gain: number;
}

/** A small seeded generator (mulberry32): the same feed number gives the same feed, run after run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

/** Publication time of a generated feed's first item; later items step back an hour each. */
export const GENERATED_FEED_EPOCH = Date.UTC(2026, 11, 3, 12, 0, 0);

/**
 * RSS 2.0 feed number `feed` with `items` entries of deterministic, realistic text (model
 * releases, price changes, papers), for the scale benchmark and for tests of many feeds.
 */
export function generatedFeed(feed: number, items: number, origin: string): string {
  const next = random(feed * 7919 + 17);
  const entries: string[] = [];
  for (let index = 0; index < items; index += 1) {
    const facts: Facts = {
      organisation: pick(next, organisations),
      family: pick(next, families),
      version: `${1 + Math.floor(next() * 5)}.${Math.floor(next() * 10)}`,
      size: pick(next, sizes),
      topic: pick(next, topics),
      price: (0.1 + next() * 9.9).toFixed(2),
      gain: 2 + Math.floor(next() * 40),
    };
    const title = pick(next, headlines)(facts);
    const text = `${facts.organisation} said the ${facts.family} ${facts.version} ${facts.size} model improves ${facts.topic} by ${facts.gain}% on internal evaluations, at $${facts.price} per million input tokens.`;
    const published = new Date(GENERATED_FEED_EPOCH - index * 3_600_000 - feed * 60_000).toUTCString();
    entries.push(
      `<item><title>${escapeXml(title)}</title><link>${origin}/gen/${feed}/items/${index}</link><description>${escapeXml(`<p>${text}</p>`)}</description><pubDate>${published}</pubDate><guid>gen-${feed}-${index}</guid></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Generated feed ${feed}</title><link>${origin}/gen/${feed}</link><description>Deterministic test feed</description>\n${entries.join("\n")}\n</channel></rss>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
