import { longestSecretWithout, redactSecrets } from "./redact.js";

/** Redacts secrets from text that arrives in pieces (a model's streamed reply). */
export interface StreamRedactor {
  /** Takes the next piece; returns the redacted text that is now safe to send (may be ""). */
  push(piece: string): string;
  /** Returns the redacted rest at the end of the stream. */
  flush(): string;
}

/** Options for `createStreamRedactor`. */
export interface StreamRedactorOptions {
  /**
   * Characters always held back at the end. By default, the length of the longest registered
   * secret that has a character outside key shapes (a space, `!`): secrets made only of key
   * characters are held back whole by the cut rule itself, so ordinary text flows at once.
   */
  holdBack?: number;
}

// Every key shape `redactSecrets` knows is a run of these characters, so cutting only before a
// character outside them never splits a key-shaped match.
const keyCharacter = /[A-Za-z0-9._~+/=-]/;
const keyCharacters = /^[A-Za-z0-9._~+/=-]*$/;
// Some rules match a name, then a value after spaces, quotes or `=` (`Bearer <token>`,
// `password = …`, `"private_key_id": "…"`, a PEM header): never cut between the name and its value.
const secretNameAtEnd =
  /(?:bearer|basic|passw(?:or)?d|passphrase|pwd|secret_?access_?key|private_key_id)["']?\s{0,20}(?::|=>|=)?\s{0,20}["']?$|-----BEGIN[ A-Z0-9_-]{0,100}(?:PRIVATE(?: KEY(?: BLOCK)?)?)?-*$/i;

/**
 * A redactor for streamed text. It holds back a tail long enough that no known secret or
 * key-shaped string is ever split across what it has sent and what is still to come: the cut
 * falls before a character no key shape contains, never after a secret's name (`Bearer`, `password =`, a PEM header), at least
 * `holdBack` characters from the end, and only where redacting the two sides apart gives the
 * same text as redacting them together.
 */
export function createStreamRedactor(options: StreamRedactorOptions = {}): StreamRedactor {
  let pending = "";
  return {
    push(piece) {
      pending += piece;
      const cut = safeCut(pending, options.holdBack ?? longestSecretWithout(keyCharacters));
      if (cut === 0) return "";
      const ready = redactSecrets(pending.slice(0, cut));
      pending = pending.slice(cut);
      return ready;
    },
    flush() {
      const rest = redactSecrets(pending);
      pending = "";
      return rest;
    },
  };
}

function safeCut(text: string, holdBack: number): number {
  let cut = boundaryAtOrBefore(text, text.length - holdBack);
  while (cut > 0) {
    const scheme = secretNameAtEnd.exec(text.slice(0, cut));
    if (scheme !== null) cut = boundaryAtOrBefore(text, scheme.index);
    else if (redactSecrets(text.slice(0, cut)) + redactSecrets(text.slice(cut)) !== redactSecrets(text)) cut = boundaryAtOrBefore(text, cut - 1);
    else break;
  }
  return Math.max(cut, 0);
}

/** The largest position at or before `position` whose preceding character is not a key character. */
function boundaryAtOrBefore(text: string, position: number): number {
  let cut = position;
  while (cut > 0 && keyCharacter.test(text[cut - 1]!)) cut -= 1;
  return Math.max(cut, 0);
}
