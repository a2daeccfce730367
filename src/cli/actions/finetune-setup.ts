import { ensureTrainingEnvironment } from "../../finetune/index.js";
import type { CommandContext } from "../command-context.js";

/** `flywheel finetune setup`. */
export async function setupFinetune(context: CommandContext, options: { force?: boolean; json?: boolean }): Promise<void> {
  const config = await context.config();
  const environment = await ensureTrainingEnvironment({
    home: config.home,
    ...(config.finetune.python === undefined ? {} : { python: config.finetune.python }),
    force: options.force === true,
    onProgress: (event) => context.terminal.info(`${event.phase}: ${event.message}`),
    signal: context.signal,
    env: { ...process.env, ...config.env },
  });
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
