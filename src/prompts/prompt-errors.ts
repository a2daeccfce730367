import { FlywheelError } from "../errors/index.js";

/** A prompt reference (`name`, `name@hash`) that names no prompt file or no stored version. */
export class UnknownPromptError extends FlywheelError {
  constructor(options: { reference: string; reason: string; hint: string }) {
    super({ code: "unknown-prompt", message: `unknown prompt "${options.reference}": ${options.reason}`, hint: options.hint });
    this.name = "UnknownPromptError";
  }
}
