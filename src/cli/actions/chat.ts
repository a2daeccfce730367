import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline/promises";
import type { ModelMessage } from "ai";
import { FlywheelError } from "../../errors/index.js";
import { loadPromptFile, promptVariableDefaults, renderTemplate, runPrompt } from "../../prompts/index.js";
import { checkTraceTags } from "../../traces/index.js";
import type { CommandContext } from "../command-context.js";
import type { ChatCommandOptions } from "../commands/chat.js";
import { formatCost, formatTokens } from "../output/format.js";
import { startSpinner } from "../output/spinner.js";
import { colors } from "../output/terminal.js";
import { printError } from "../run-action.js";

/**
 * Reads a line, streams the reply, keeps the conversation. Every turn is a trace carrying
 * the conversation's id; /reset clears the history and starts a new conversation. Ctrl-C
 * during a reply stops that reply (what arrived stays in the history); Ctrl-C or Ctrl-D at
 * the prompt ends.
 */
export async function chat(context: CommandContext, options: ChatCommandOptions): Promise<number> {
  checkTraceTags(options.tag ?? []);
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const file = options.prompt === undefined ? undefined : await loadPromptFile(options.prompt);
  const system = options.system ?? (file?.system === undefined ? undefined : renderTemplate(file.system, { ...promptVariableDefaults(file), ...options.var }, { where: `prompt "${file.name}"` }));
  const modelId = options.model ?? file?.model ?? flywheel.config.defaultModel;
  flywheel.models.info(modelId);
  const interactive = process.stdin.isTTY === true;
  const lines = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  if (interactive) terminal.info(colors.dim(`chatting with ${modelId} — /reset clears the history, /exit ends`));
  const messages: ModelMessage[] = [];
  let conversationId = randomUUID();
  let turn: AbortController | undefined;
  lines.on("SIGINT", () => {
    if (turn !== undefined) turn.abort();
    else lines.close();
  });
  try {
    for await (const raw of lines) {
      const input = raw.trim();
      if (input === "/exit" || input === "/quit") break;
      if (input === "/reset") {
        messages.length = 0;
        conversationId = randomUUID();
        terminal.info(colors.dim("history cleared"));
        continue;
      }
      if (input === "") continue;
      messages.push({ role: "user", content: input });
      turn = new AbortController();
      const signal = AbortSignal.any([turn.signal, context.signal]);
      const spinner = startSpinner(terminal, "thinking");
      let reply = "";
      try {
        const result = await runPrompt(flywheel, {
          model: modelId,
          messages,
          system,
          temperature: options.temperature ?? file?.parameters.temperature,
          maxTokens: options.maxTokens ?? file?.parameters.maxTokens,
          topP: file?.parameters.topP,
          seed: file?.parameters.seed,
          stopSequences: file?.parameters.stopSequences,
          versionOf: file,
          abortSignal: signal,
          spanName: "chat turn",
          tags: options.tag,
          conversationId,
          onText: (delta) => {
            spinner.stop();
            reply += delta;
            terminal.out(delta);
          },
        });
        terminal.out("\n");
        terminal.info(colors.dim(`${formatTokens(result.usage.inputTokens)} in / ${formatTokens(result.usage.outputTokens)} out · ${formatCost(result.costUsd)}`));
      } catch (error) {
        spinner.stop();
        if (reply !== "") terminal.out("\n");
        if (FlywheelError.isInstance(error) && error.code === "cancelled") {
          if (context.signal.aborted) break;
          terminal.info(colors.dim("(reply stopped)"));
        } else {
          printError(error, { debug: context.options.debug === true });
          if (!interactive) return 1;
        }
      } finally {
        turn = undefined;
      }
      if (reply !== "") messages.push({ role: "assistant", content: reply });
      else messages.pop();
    }
  } finally {
    lines.close();
  }
  return 0;
}
