import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** Options of `flywheel experiments report`. */
export interface ExperimentsReportOptions {
  format?: string;
  output?: string;
}

/** `flywheel experiments list|report|ship|stop`: A/B experiments declared in the config, read with anytime-valid statistics. */
export function registerExperimentsCommand(program: Command): void {
  const experiments = program.command("experiments").description("A/B experiments on prompts, models and parameters: state, report, ship, stop");
  experiments
    .command("list")
    .description("declared and stored experiments: status, metric, calls per variant")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/experiments.js")).listExperimentsAction(context, options)));
  experiments
    .command("report")
    .description("per variant n and metric, differences with anytime-valid intervals, sample ratio check, guardrails, verdict")
    .argument("<name>", "the experiment's name")
    .option("--format <terminal|json|md>", "output format (default: terminal, or from the extension of -o)")
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .action((name: string, options: ExperimentsReportOptions) => runAction(async (context) => (await import("../actions/experiments.js")).reportExperiment(context, name, options)));
  experiments
    .command("ship")
    .description("end an experiment: every unit gets the winner from now on")
    .argument("<name>", "the experiment's name")
    .argument("<variant>", "the winning variant")
    .action((name: string, variant: string) => runAction(async (context) => (await import("../actions/experiments.js")).shipExperimentAction(context, name, variant)));
  experiments
    .command("stop")
    .description("end an experiment without a winner: every unit gets the control again")
    .argument("<name>", "the experiment's name")
    .action((name: string) => runAction(async (context) => (await import("../actions/experiments.js")).stopExperimentAction(context, name)));
}
