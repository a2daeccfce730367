import type { RedteamStrategy } from "../redteam-types.js";
import { isVerbatimToken, homoglyphMap, zeroWidthCharacters } from "./encodings.js";

/** Some Latin letters swapped for Cyrillic or Greek look-alikes, and zero-width characters between letters (seeded). */
export const homoglyphStrategy: RedteamStrategy = {
  id: "homoglyph",
  title: "look-alike Cyrillic/Greek letters and zero-width characters",
  apply: (text, { random }) =>
    text
      .split(/(\S+)/)
      .map((part) => {
        // A URL or path must still work once the model copies it: only words are disguised.
        if (isVerbatimToken(part)) return part;
        return Array.from(part)
          .map((character) => {
            const lookalike = homoglyphMap[character];
            const swapped = lookalike !== undefined && random() < 0.5 ? lookalike : character;
            return random() < 0.25 ? swapped + zeroWidthCharacters[Math.floor(random() * zeroWidthCharacters.length)]! : swapped;
          })
          .join("");
      })
      .join(""),
};
