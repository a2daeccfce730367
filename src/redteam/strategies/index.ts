// Red-team strategies: how an attack is dressed (encodings, disguises, languages, multi-turn).
import type { RedteamStrategy } from "../redteam-types.js";

/** Every strategy, in the order reports list them. */
export const redteamStrategies: readonly RedteamStrategy[] = [];
