import type { RedteamStrategy } from "../redteam-types.js";

/**
 * The attack in another language: the generator picks the template's own translation (written
 * for this project), so this adds nothing but a request to answer in English.
 */
export const languageStrategy: RedteamStrategy = {
  id: "language",
  title: "written in another language (the template's own translation)",
  apply: (text, { template }) => (template.translations === undefined ? text : `${text}\n\n(Answer in English.)`),
};
