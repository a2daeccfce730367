import { splitWords } from "./text-pieces.js";

/** Limits a text reply must respect, taken from the request. */
export interface TextLimits {
  /** Most pieces (words) to send; `undefined` for no limit. */
  maxTokens?: number;
  /** Generation stops before the first of these sequences. */
  stopSequences: readonly string[];
}

/** A text reply cut to the request's limits. */
export interface ShapedText {
  /** The words to send, each with its leading whitespace. */
  pieces: string[];
  /** `length` when max tokens cut the text, else `stop`. */
  finish: "stop" | "length";
  /** The stop sequence that ended the text, when one did. */
  stopSequence: string | undefined;
}

/**
 * Applies stop sequences (text ends before the earliest match) and then max
 * tokens (at most that many words), as a model generating word by word would.
 */
export function shapeText(text: string, limits: TextLimits): ShapedText {
  let stopAt = text.length;
  let stopSequence: string | undefined;
  for (const sequence of limits.stopSequences) {
    if (sequence.length === 0) continue;
    const index = text.indexOf(sequence);
    if (index !== -1 && index < stopAt) {
      stopAt = index;
      stopSequence = sequence;
    }
  }
  const pieces = splitWords(stopSequence === undefined ? text : text.slice(0, stopAt));
  if (limits.maxTokens !== undefined && pieces.length > limits.maxTokens) {
    return { pieces: pieces.slice(0, Math.max(0, limits.maxTokens)), finish: "length", stopSequence: undefined };
  }
  return { pieces, finish: "stop", stopSequence };
}
