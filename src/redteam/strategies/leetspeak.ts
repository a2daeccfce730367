import type { RedteamStrategy } from "../redteam-types.js";
import { isVerbatimToken, leetMap } from "./encodings.js";

/** The attack in leetspeak (letters swapped for look-alike digits); URLs and paths stay readable. */
export const leetspeakStrategy: RedteamStrategy = {
  id: "leetspeak",
  title: "written in leetspeak (letters swapped for digits)",
  apply: (text) => text.split(/(\S+)/).map((part) => (isVerbatimToken(part) ? part : part.replace(/[aeiost]/g, (letter) => leetMap[letter] ?? letter))).join(""),
};
