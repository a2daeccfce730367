import type { InterestEntry, InterestProfile } from "./interest-profile.js";
import { matchModel, modelPatterns } from "./model-mention.js";
import type { ModelMatch, ModelPatterns } from "./model-mention.js";
import { containsPhrase, contentTokens, textTokens } from "./text-tokens.js";

/** How much a match in the body alone counts, against one in the title. */
const BODY_ONLY = 0.6;
const MODEL_MATCH: Record<Exclude<ModelMatch, undefined>, number> = { model: 1, family: 0.6, provider: 0.2 };
/** Entries after the strongest add this share of their strength (several reasons beat one). */
const SECONDARY_SHARE = 0.25;

/** The strongest reason a text matches the profile, and the strength of all matches together. */
export interface InterestMatch {
  /** Weighted strength, about 0 (nothing) to 2 (the strongest interests, several at once). */
  strength: number;
  /** The strongest matching entry's contribution and its reason line. */
  best?: { contribution: number; reason: string };
  /** The strongest contribution of a declared topic's words (0 when none matched). */
  topic: number;
  /** Each matching entry's contribution, by its label (what feedback compares). */
  contributions: Map<string, number>;
}

/** A profile prepared for matching many texts. */
export type InterestMatcher = (title: string, body: string) => InterestMatch;

/** Prepares the profile's entries (model name patterns, term tokens) once for many texts. */
export function interestMatcher(profile: InterestProfile): InterestMatcher {
  const compiled = profile.entries.map((entry) => compile(entry));
  return (title, body) => {
    const titleTokens = textTokens(title);
    const bodyTokens = textTokens(body);
    const contributions: { contribution: number; reason: string }[] = [];
    const byLabel = new Map<string, number>();
    let topic = 0;
    compiled.forEach((match, index) => {
      const found = match(titleTokens, bodyTokens);
      if (found === undefined || found.contribution <= 0) return;
      const entry = profile.entries[index]!;
      contributions.push(found);
      byLabel.set(entry.label, found.contribution);
      if (entry.kind === "topic") topic = Math.max(topic, found.contribution);
    });
    if (contributions.length === 0) return { strength: 0, topic, contributions: byLabel };
    contributions.sort((a, b) => b.contribution - a.contribution);
    const [best, ...rest] = contributions;
    const secondary = Math.min(1, rest.reduce((sum, entry) => sum + entry.contribution, 0));
    return { strength: best!.contribution + SECONDARY_SHARE * secondary, best, topic, contributions: byLabel };
  };
}

type CompiledEntry = (title: readonly string[], body: readonly string[]) => { contribution: number; reason: string } | undefined;

function compile(entry: InterestEntry): CompiledEntry {
  if (entry.model !== undefined) return compileModel(entry, modelPatterns(entry.model));
  if (entry.kind === "topic") return compileTopic(entry);
  const terms = entry.terms.map((term) => textTokens(term)).filter((tokens) => tokens.length > 0);
  return (title, body) => {
    let hits = 0;
    const matched: string[] = [];
    for (const term of terms) {
      const strength = containsPhrase(title, term) ? 1 : containsPhrase(body, term) ? BODY_ONLY : 0;
      if (strength === 0) continue;
      hits += strength;
      matched.push(term.join(" "));
    }
    if (hits === 0) return undefined;
    return { contribution: entry.weight * (1 - Math.exp(-hits / 1.5)), reason: `${entry.label}: ${matched.slice(0, 3).join(", ")}` };
  };
}

function compileModel(entry: InterestEntry, patterns: ModelPatterns): CompiledEntry {
  return (title, body) => {
    const inTitle = matchModel(patterns, title);
    const kind = inTitle ?? matchModel(patterns, body);
    if (kind === undefined) return undefined;
    const strength = MODEL_MATCH[kind] * (inTitle === undefined ? BODY_ONLY : 1);
    const reason = kind === "model" ? entry.label : `${entry.label} (same ${kind})`;
    return { contribution: entry.weight * strength, reason };
  };
}

function compileTopic(entry: InterestEntry): CompiledEntry {
  const phrase = textTokens(entry.terms[0]!);
  const words = contentTokens(entry.terms[0]!);
  return (title, body) => {
    let strength = containsPhrase(title, phrase) ? 1 : containsPhrase(body, phrase) ? BODY_ONLY : 0;
    if (strength === 0 && words.length > 1) {
      // A topic of several words, some of them present: "evaluation of RAG pipelines" for "RAG evaluation".
      const present = words.filter((word) => title.includes(word) || body.includes(word));
      const inTitle = words.filter((word) => title.includes(word));
      strength = 0.5 * (present.length / words.length) * (inTitle.length > 0 ? 1 : BODY_ONLY);
      if (present.length < 2) strength = 0;
    }
    return strength === 0 ? undefined : { contribution: entry.weight * strength, reason: entry.label };
  };
}
