import type { RedteamStrategy } from "../redteam-types.js";

/** The attack text as written. */
export const plainStrategy: RedteamStrategy = { id: "plain", title: "the attack as written", apply: (text) => text };
