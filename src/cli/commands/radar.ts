import { Option } from "commander";
import type { Command } from "commander";
import { duration, integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";
import { registerRadarFeedbackCommand } from "./radar-feedback.js";
import { registerRadarWatchCommand } from "./radar-watch.js";

const FORMATS = ["terminal", "markdown", "html", "json"];

/** Options of `flywheel radar run`. */
export interface RadarRunOptions {
  /** How far back, in milliseconds. */
  since?: number;
  limit?: number;
  offline?: boolean;
  format?: "terminal" | "markdown" | "html" | "json";
  output?: string;
}

/** Options of `flywheel radar show`. */
export interface RadarShowOptions {
  format?: "terminal" | "markdown" | "html" | "json";
  output?: string;
}

const formatOption = () =>
  new Option("--format <format>", "terminal, markdown, html or json (default: from the --output extension, else terminal)").choices(FORMATS);

/** `flywheel radar run|digests|show|feed`: a digest of new models, papers and releases, ranked for this project. */
export function registerRadarCommand(program: Command): void {
  const radar = program.command("radar").description("new models, papers and releases ranked for your work, summarised with citations; new models tried on your evals");
  radar
    .command("run")
    .description("fetch the feeds, group duplicate stories, rank them for you, summarise the top ones and try new models on your evals")
    .option("--since <span>", "look this far back, e.g. 2d, 12h (default: radar.since, 7d)", duration)
    .option("-n, --limit <n>", "stories in the digest (default: radar.limit, 10)", integerFrom(1))
    .option("--offline", "fetch nothing: re-rank and summarise the stored items")
    .addOption(formatOption())
    .option("-o, --output <file>", "write the digest to a file instead of stdout")
    .action((options: RadarRunOptions) => runAction(async (context) => (await import("../actions/radar-run.js")).radarRun(context, options)));
  radar
    .command("digests")
    .description("list recent digests, newest first")
    .option("-n, --limit <n>", "how many (default 20)", integerFrom(1))
    .option("--json", "print JSON")
    .action((options: { limit?: number; json?: boolean }) => runAction(async (context) => (await import("../actions/radar.js")).listDigests(context, options)));
  radar
    .command("show")
    .description("print a stored digest")
    .argument("<digest-id>", "digest id, or a unique prefix of at least 6 characters")
    .addOption(formatOption())
    .option("-o, --output <file>", "write the digest to a file instead of stdout")
    .action((id: string, options: RadarShowOptions) => runAction(async (context) => (await import("../actions/radar.js")).showDigest(context, id, options)));
  radar
    .command("feed")
    .description("print an Atom feed of recent digests, for any feed reader")
    .option("-n, --limit <n>", "digests in the feed (default 20)", integerFrom(1))
    .action((options: { limit?: number }) => runAction(async (context) => (await import("../actions/radar.js")).printFeed(context, options)));
  registerRadarFeedbackCommand(radar);
  registerRadarWatchCommand(radar, async () => (await import("../../radar/index.js")).runDefaultRadar);
}
