// Red team: attacks on the user's own prompts, RAG apps, agents and endpoints, graded by what
// the target did (honeypot hits, canary files read, tools run) more than by what it said.
export type * from "./redteam-types.js";
export { redteamPlugins } from "./plugins/index.js";
export { redteamStrategies } from "./strategies/index.js";
export { runRedteam } from "./run-redteam.js";
export type { RunRedteamResult } from "./run-redteam.js";
export { generateAttacks, selectPlugins, selectStrategies } from "./generate-attacks.js";
export type { GenerateAttacksOptions, GeneratedAttack } from "./generate-attacks.js";
export { buildAttackSuite } from "./build-attack-suite.js";
export { buildRedteamReport } from "./build-redteam-report.js";
export { startRange, HONEYPOT_DNS_NAME } from "./range/start-range.js";
export { openRedteamTarget } from "./targets/open-redteam-target.js";
export { agentFileSchema, loadAgentFile } from "./targets/agent-file.js";
export { ObedientLanguageModel } from "./obedient/obedient-language-model.js";
export { Attacker } from "./attacker.js";
export { UnknownPluginError, UnknownStrategyError, TargetUnreachableError, AttackerRefusedError } from "./redteam-errors.js";
export * from "./report/index.js";
