import { FlywheelError, UsageError } from "../../errors/index.js";
import { PROMPT_HASH_DISPLAY_LENGTH, runPrompt } from "../../prompts/index.js";
import type { MissingVariableError, RunPromptOptions } from "../../prompts/index.js";
import type { CommandContext } from "../command-context.js";
import type { RunCommandOptions } from "../commands/run.js";
import { formatCost, formatDuration, formatTokens } from "../output/format.js";
import { startSpinner } from "../output/spinner.js";
import { colors } from "../output/terminal.js";
import { readPipedStdin } from "./read-stdin.js";

/** Streams one prompt's reply to stdout, then a usage line on stderr (or one JSON object with --json). */
export async function run(context: CommandContext, words: string[], options: RunCommandOptions): Promise<number> {
  const piped = await readPipedStdin();
  const text = [words.join(" ").trim(), piped?.trim()].filter((part) => part !== undefined && part !== "").join("\n\n");
  const input = promptInput(text, options);
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const spinner = options.json === true ? { stop: () => undefined } : startSpinner(terminal, "waiting for the first token");
  let printed = false;
  try {
    const result = await runPrompt(flywheel, {
      ...input,
      model: options.model,
      system: options.system,
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      seed: options.seed,
      tags: options.tag,
      abortSignal: context.signal,
      onText: (delta) => {
        spinner.stop();
        if (options.json === true) return;
        printed = true;
        terminal.out(delta);
      },
    });
    spinner.stop();
    if (options.json === true) {
      terminal.line(JSON.stringify(result, null, 2));
      return 0;
    }
    if (printed && !result.text.endsWith("\n")) terminal.out("\n");
    terminal.info(
      colors.dim(
        `${result.model} · ${formatTokens(result.usage.inputTokens)} in / ${formatTokens(result.usage.outputTokens)} out · ${formatCost(result.costUsd)} · ${formatDuration(result.latencyMs)} · trace ${result.traceId.slice(0, 12)}${result.promptHash === undefined ? "" : ` · prompt version ${result.promptHash.slice(0, PROMPT_HASH_DISPLAY_LENGTH)}`}`,
      ),
    );
    return 0;
  } catch (error) {
    if (!FlywheelError.isInstance(error) || error.code !== "missing-variable") throw error;
    // The prompt file's own error speaks of eval tests; here the values come from flags.
    const { variables } = error as MissingVariableError;
    throw new UsageError(`${options.prompt ?? "the prompt file"} uses ${variables.map((name) => `{{${name}}}`).join(", ")}, which no --var sets`, `pass --var ${variables[0]}=<value>${variables.includes("input") ? ", or give the text for {{input}} as the prompt" : ""}`);
  } finally {
    spinner.stop();
    if (printed && context.signal.aborted) terminal.out("\n");
  }
}

/** The prompt text alone, or with --prompt the file and its variables: the text, if any, is `{{input}}`. */
function promptInput(text: string, options: RunCommandOptions): Pick<RunPromptOptions, "prompt" | "promptFile" | "vars"> {
  if (options.prompt === undefined) {
    if (options.var !== undefined) throw new UsageError("--var without --prompt", "variables fill a prompt file's {{variables}}: pass --prompt <file> too");
    if (text === "") throw new UsageError("no prompt given", 'pass it as an argument (flywheel run "hello") or pipe it in');
    return { prompt: text };
  }
  return { promptFile: options.prompt, vars: { ...options.var, ...(text === "" ? {} : { input: text }) } };
}
