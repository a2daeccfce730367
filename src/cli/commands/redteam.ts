import type { Command } from "commander";
import { collect, integerFrom, numberIn } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel redteam`. */
export interface RedteamCommandOptions {
  plugins?: string;
  strategies?: string;
  attacks?: number;
  seed?: number;
  attacker?: string;
  model?: string;
  grader?: string;
  maxAttacks?: number;
  maxCost?: number;
  concurrency?: number;
  output?: string[];
  saveSuite?: string;
  failOn?: string;
  json?: boolean;
  list?: boolean;
  progressBar?: boolean;
}

/** `flywheel redteam`: attacks a prompt, agent, RAG app, endpoint or model, graded by what it does. */
export function registerRedteamCommand(program: Command): void {
  program
    .command("redteam")
    .description("attack a prompt, agent, RAG collection, HTTP endpoint or model with injection, SSRF, traversal, sandbox escape, leakage and more; graded by what the target does")
    .argument("[target]", "prompt:<name|path>, agent:<file.agent.yaml>, rag:<collection>, an http(s) URL, or a model id")
    .option("--plugins <ids>", "what the attacks try, comma-separated (default: every plugin that applies; --list shows them)")
    .option("--strategies <ids>", "how attacks are dressed, comma-separated (default: all; --list shows them)")
    .option("--attacks <n>", "attacks per plugin and strategy (default: redteam.attacksPerCell, 2)", integerFrom(1))
    .option("--seed <n>", "seed of template choice, paraphrase and dressing (default 1)", integerFrom(0))
    .option("--attacker <model>", "model that paraphrases templates and drives multi-turn escalation, or none (default: redteam.attacker, local:default)")
    .option("--model <model>", "model of prompt and rag targets (default: the prompt's, else the configured default)")
    .option("--grader <model>", "grader model of the harmful plugin (default: the evals' grader)")
    .option("--max-attacks <n>", "most attacks in the run, spread over plugins and strategies", integerFrom(1))
    .option("--max-cost <usd>", "most US dollars of model calls in the run (attacker, target and grader together)", numberIn(0.000001, 1_000_000))
    .option("--concurrency <n>", "attacks run at once (default 4)", integerFrom(1))
    .option("-o, --output <file>", "write a report (.json, .xml JUnit, .html); repeatable", collect)
    .option("--save-suite <file>", "write the attack set as an eval suite; replay it with flywheel eval -c <file>")
    .option("--fail-on <any|rate>", "exit 1 when any attack succeeds, or when the success rate is above a rate (0.05 or 5%)")
    .option("--json", "print the report as JSON")
    .option("--list", "list the plugins and strategies, and exit")
    .option("--no-progress-bar", "no progress bar on stderr")
    .action((target: string | undefined, options: RedteamCommandOptions) => runAction(async (context) => (await import("../actions/redteam.js")).redteam(context, target, options)));
}
