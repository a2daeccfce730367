import { pullModel, removeModel } from "../../models/model-store/index.js";
import type { CommandContext } from "../command-context.js";
import { formatBytes } from "../output/format.js";
import { pullProgressView } from "../output/pull-progress.js";

/** Pulls a model with a progress bar and prints what landed. */
export async function pull(context: CommandContext, source: string, options: { alias?: string; force?: boolean; json?: boolean }): Promise<void> {
  const config = await context.config();
  const view = pullProgressView(context.terminal);
  try {
    const model = await pullModel({
      home: config.home,
      source,
      alias: options.alias,
      force: options.force,
      signal: context.signal,
      env: config.env,
      onProgress: (event) => view.update(event),
    });
    view.stop();
    if (options.json === true) {
      context.terminal.line(JSON.stringify(model, null, 2));
      return;
    }
    context.terminal.line(`${model.fetched ? "pulled" : "already pulled"} local:${model.alias} · ${formatBytes(model.size)} · sha256 ${model.sha256} · from ${model.source}`);
  } finally {
    view.stop();
  }
}

/** Removes a pulled model. */
export async function remove(context: CommandContext, alias: string): Promise<void> {
  const config = await context.config();
  const removed = await removeModel(config.home, alias);
  context.terminal.line(`removed local:${removed}`);
}
