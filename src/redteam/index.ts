// Red team: attacks on the user's own prompts, RAG apps, agents and endpoints, graded by what
// the target did (honeypot hits, canary files read, tools run) more than by what it said.
export type * from "./redteam-types.js";
export { redteamPlugins } from "./plugins/index.js";
export { redteamStrategies } from "./strategies/index.js";
