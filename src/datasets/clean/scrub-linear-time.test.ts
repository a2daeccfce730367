import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../secrets/index.js";
import { secretRules } from "../../secrets/secret-rules.js";
import { scrubText } from "./pii-scrub.js";

// Long runs without spaces made the scrub quadratic: 400 KB of `a` took minutes in the email
// pattern alone. Every pattern must now scan such text in linear time.
const LENGTH = 400_000;
// A linear scan of 400 KB takes milliseconds; the bound leaves room for a loaded machine.
const BOUND_MS = 1_000;

/** Mulberry32: a small seeded generator, so a failing input can be rebuilt. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const fill = (unit: string) => unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH);

// Pieces that start or continue a match of some pattern without completing it.
const pieces = [
  "a", "A", "1", "@", ".", "-", "_", "=", ":", "\"", "'", " ", "/", "+",
  ...new Set(secretRules.flatMap((rule) => rule.keywords)),
  "sk-", "sk_live_", "github_pat_", "ghp_", "AKIA", "SK0", "eyJ", "ey", "npm_", "hf_", "xoxb-", "AIza", "SG.",
  "-----BEGIN PRIVATE KEY-----", "-----END", "password=", "\"password\": \"", "private_key_id\": \"", "aws_secret_access_key=", "Bearer ",
  "+1 ", "(415) ", "4111 ", "2024-", "x@y.", "a@b.c",
];

function mixed(seed: number): string {
  const random = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < LENGTH) {
    const piece = pieces[Math.floor(random() * pieces.length)]!;
    const repeats = 1 + Math.floor(random() * 40);
    parts.push(piece.repeat(repeats));
    length += piece.length * repeats;
  }
  return parts.join("").slice(0, LENGTH);
}

const inputs: [string, string][] = [
  ...["a", "a@", "a.", "a-", "a.a@", "a@a.", "1", "1 ", "1-", "1.", "12 ", "-", "=", "\"", " "].map((unit): [string, string] => [JSON.stringify(unit), fill(unit)]),
  ...pieces.filter((piece) => piece.length > 1).map((piece): [string, string] => [`${JSON.stringify(piece)} then a`, fill(`${piece}a`)]),
  ...pieces.filter((piece) => piece.length > 1).map((piece): [string, string] => [`${JSON.stringify(piece)} repeated`, fill(piece)]),
  ...[1, 2, 3, 4, 5, 6].map((seed): [string, string] => [`mixed key prefixes, seed ${seed}`, mixed(seed)]),
];

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe("scrub patterns run in linear time", () => {
  it.each(inputs)("400 KB of %s", (_name, text) => {
    const slow: string[] = [];
    for (const rule of secretRules) {
      const elapsed = timed(() => text.replace(rule.pattern, ""));
      if (elapsed > BOUND_MS) slow.push(`${rule.id}: ${elapsed.toFixed(0)} ms`);
    }
    const scrub = timed(() => scrubText(text));
    if (scrub > BOUND_MS) slow.push(`scrubText: ${scrub.toFixed(0)} ms`);
    const redact = timed(() => redactSecrets(text));
    if (redact > BOUND_MS) slow.push(`redactSecrets: ${redact.toFixed(0)} ms`);
    expect(slow).toEqual([]);
  });
});
