import { ensureTrainingEnvironment } from "../../finetune/index.js";
import { resolveModel } from "../../models/model-store/index.js";
import type { CommandContext } from "../command-context.js";

/** `flywheel finetune setup`. */
export async function setupFinetune(context: CommandContext, options: { force?: boolean; base?: boolean; json?: boolean }): Promise<void> {
  const config = await context.config();
  const environment = await ensureTrainingEnvironment({
    home: config.home,
    ...(config.finetune.python === undefined ? {} : { python: config.finetune.python }),
    force: options.force === true,
    onProgress: (event) => context.terminal.info(`${event.phase}: ${event.message}`),
    signal: context.signal,
    env: { ...process.env, ...config.env },
  });
  // The default base model too, so the first fine-tune does not wait for a download.
  const base = options.base === false ? undefined : await resolveModel(config.home, "default", { autoPull: true, signal: context.signal, env: { ...process.env, ...config.env } });
  if (base !== undefined) context.terminal.info(`base model local:${base.alias} is in the model store`);
  if (options.json === true) {
    context.terminal.line(JSON.stringify(environment, null, 2));
    return;
  }
  context.terminal.line(
    environment.installed
      ? `local fine-tuning is ready (Python ${environment.pythonVersion}, installed in ${environment.setupSeconds} s at ${environment.venv})`
      : `local fine-tuning is ready (Python ${environment.pythonVersion} at ${environment.venv}; already installed)`,
  );
}
