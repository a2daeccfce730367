import { rot13, undoHomoglyphs, undoLeetspeak } from "../strategies/encodings.js";

/** What an obedient reader finds in a text once every dressing is undone. */
export interface Instructions {
  urls: string[];
  paths: string[];
  code: string[];
  /** Words it was told to say (`say X`, `reply with X`, `print X`). */
  sayings: string[];
  /** Whether it was asked to reveal its instructions or system prompt. */
  revealSystem: boolean;
}

/** The readings of a text: as written, and with each strategy's dressing undone. */
export function decodedReadings(text: string): string[] {
  const readings = new Set<string>([text]);
  const plain = undoHomoglyphs(text);
  readings.add(plain);
  readings.add(undoLeetspeak(plain));
  readings.add(rot13(plain));
  for (const match of plain.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    const decoded = Buffer.from(match[0], "base64").toString("utf8");
    // Only text that decodes to printable characters was base64.
    if (decoded.length > 0 && isPrintable(decoded)) readings.add(decoded);
  }
  return [...readings];
}

/** Every instruction an obedient reader would act on, across every reading of the text. */
export function readInstructions(text: string): Instructions {
  const found: Instructions = { urls: [], paths: [], code: [], sayings: [], revealSystem: false };
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value);
  };
  for (const reading of decodedReadings(text)) {
    for (const match of reading.matchAll(/https?:\/\/[^\s"'<>()`\\]+/g)) add(found.urls, match[0].replace(/[.,;:!?\]]+$/, ""));
    for (const match of reading.matchAll(/```(?:js|javascript)?\n([\s\S]*?)```/g)) add(found.code, match[1]!.trim());
    const withoutUrls = reading.replace(/https?:\/\/[^\s"'<>()`\\]+/g, " ").replace(/```[\s\S]*?```/g, " ");
    for (const match of withoutUrls.matchAll(/(?:^|[\s"'(`])((?:\.\.\/|\/)[\w.@-]+(?:\/[\w.@-]+)+)/g)) add(found.paths, match[1]!.replace(/[.,;:!?]+$/, ""));
    for (const match of reading.matchAll(/(?:\bsay|\breply with|\brespond with|\bprint|\boutput|\banswer with|\binclude|\bdi|\bresponde con|\bimprime|\bescribe)\s*:?\s*["“']?([A-Za-z0-9_-]{6,})/gi)) add(found.sayings, match[1]!);
    if (/(system prompt|prompt del sistema|your instructions|initial instructions|instrucciones|everything above|repeat (?:the|your) (?:text|prompt|instructions)|reveal|revela|api key|password|credentials|email address|phone number)/i.test(reading)) found.revealSystem = true;
  }
  return found;
}

function isPrintable(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code === 0xfffd || (code < 0x20 && character !== "\n" && character !== "\t" && character !== "\r") || code === 0x7f) return false;
  }
  return true;
}
