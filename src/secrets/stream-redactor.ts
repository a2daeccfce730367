import { redactSecrets } from "./redact.js";

/** Redacts text that arrives in pieces (streamed model output), where a secret may straddle two pieces. */
export interface StreamRedactor {
  /** Takes the next piece; returns the redacted text that is safe to write now. */
  push(text: string): string;
  /** Returns the redacted text still held back, and forgets it. */
  flush(): string;
}

/**
 * A redactor for streamed text. Keys hold no whitespace, so text is released up to its last
 * whitespace character and the unfinished word is held back until the next piece (or
 * `flush()`) shows where it ends: a key split across pieces is still seen whole.
 */
export function createStreamRedactor(): StreamRedactor {
  let held = "";
  return {
    push(text) {
      held += text;
      const cut = held.search(/\s\S*$/) + 1;
      if (cut === 0) return "";
      const ready = held.slice(0, cut);
      held = held.slice(cut);
      return redactSecrets(ready);
    },
    flush() {
      const rest = held;
      held = "";
      return redactSecrets(rest);
    },
  };
}
