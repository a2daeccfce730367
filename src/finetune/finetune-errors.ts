import { FlywheelError } from "../errors/index.js";
import type { ErrorCode } from "../errors/index.js";
import { TRAINING_ENVIRONMENT_SIZE } from "./engines/local/training-environment.js";

/** No usable Python to build the training environment with. */
export class PythonMissingError extends FlywheelError {
  constructor(options: { command: string; found?: string }) {
    super({
      code: "python-missing",
      message: options.found === undefined ? `cannot run "${options.command}" to set up local fine-tuning` : `local fine-tuning needs Python 3.10 or newer; "${options.command}" is ${options.found}`,
      hint: "install Python 3.10+ (with venv), or point FLYWHEEL_PYTHON (or finetune.python in flywheel.config.yaml) at one",
    });
    this.name = "PythonMissingError";
  }
}

/** Local training needs its Python environment, and nobody agreed to install it. */
export class TrainingSetupRequiredError extends FlywheelError {
  constructor() {
    super({
      code: "finetune-setup-required",
      message: `local fine-tuning needs a one-time install of PyTorch, transformers and peft (${TRAINING_ENVIRONMENT_SIZE}), and it is not installed`,
      hint: "run `flywheel finetune setup` once, or pass --yes to install it now",
    });
    this.name = "TrainingSetupRequiredError";
  }
}

/** Installing the training environment failed. */
export class TrainingSetupError extends FlywheelError {
  constructor(options: { step: string; detail: string; cause?: unknown }) {
    super({
      code: "finetune-setup-failed",
      message: `setting up local fine-tuning failed while ${options.step}: ${options.detail}`,
      hint: `check the network access to the package index and the free disk space (${TRAINING_ENVIRONMENT_SIZE}), then run \`flywheel finetune setup\` again`,
      cause: options.cause,
    });
    this.name = "TrainingSetupError";
  }
}

/** The training worker failed or stopped unexpectedly. */
export class TrainingWorkerError extends FlywheelError {
  constructor(options: { message: string; hint?: string; code?: Extract<ErrorCode, `training-${string}`> }) {
    super({
      code: options.code ?? "training-failed",
      message: options.message,
      hint: options.hint ?? "see the job's log with `flywheel finetune logs <job>`",
    });
    this.name = "TrainingWorkerError";
  }
}

/** The base model cannot be fine-tuned by the chosen engine. */
export class UnsupportedBaseModelError extends FlywheelError {
  constructor(options: { model: string; engine: string; reason: string; hint: string }) {
    super({ code: "unsupported-base-model", message: `cannot fine-tune "${options.model}" with the ${options.engine} engine: ${options.reason}`, hint: options.hint });
    this.name = "UnsupportedBaseModelError";
  }
}
