// Red-team strategies: how an attack is dressed (encodings, disguises, languages, multi-turn).
import type { RedteamStrategy } from "../redteam-types.js";
import { base64Strategy } from "./base64.js";
import { hiddenCommentStrategy } from "./hidden-comment.js";
import { homoglyphStrategy } from "./homoglyph.js";
import { languageStrategy } from "./language.js";
import { leetspeakStrategy } from "./leetspeak.js";
import { multiTurnStrategy } from "./multi-turn.js";
import { plainStrategy } from "./plain.js";
import { rot13Strategy } from "./rot13.js";

/** Every strategy, in the order reports list them. */
export const redteamStrategies: readonly RedteamStrategy[] = [
  plainStrategy,
  base64Strategy,
  rot13Strategy,
  leetspeakStrategy,
  homoglyphStrategy,
  hiddenCommentStrategy,
  languageStrategy,
  multiTurnStrategy,
];
