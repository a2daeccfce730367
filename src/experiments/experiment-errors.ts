import { FlywheelError } from "../errors/index.js";

/** An experiment name that the config does not declare. */
export class UnknownExperimentError extends FlywheelError {
  constructor(options: { name: string; known: string[] }) {
    super({
      code: "unknown-experiment",
      message: `unknown experiment "${options.name}"`,
      hint: options.known.length === 0 ? "declare it under `experiments:` in flywheel.config.yaml" : `declared experiments: ${options.known.join(", ")}`,
    });
    this.name = "UnknownExperimentError";
  }
}

/** A call to an experiment assigned by user or session that names no unit to assign. */
export class MissingUnitError extends FlywheelError {
  constructor(options: { experiment: string; unit: "user" | "session"; hint: string }) {
    super({ code: "missing-unit", message: `experiment "${options.experiment}" assigns by ${options.unit}, and no ${options.unit} id was given`, hint: options.hint });
    this.name = "MissingUnitError";
  }
}

/** A variant name that the experiment does not declare. */
export class UnknownVariantError extends FlywheelError {
  constructor(options: { experiment: string; variant: string; known: string[] }) {
    super({ code: "unknown-variant", message: `experiment "${options.experiment}" has no variant "${options.variant}"`, hint: `its variants: ${options.known.join(", ")}` });
    this.name = "UnknownVariantError";
  }
}
