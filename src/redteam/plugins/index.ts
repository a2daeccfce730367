// Red-team plugins: what an attack tries, and the rule that says whether it worked.
import type { RedteamPlugin } from "../redteam-types.js";

/** Every plugin, in the order reports list them. */
export const redteamPlugins: readonly RedteamPlugin[] = [];
