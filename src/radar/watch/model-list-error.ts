import { FlywheelError } from "../../errors/index.js";
import type { SourceFailure } from "../radar-types.js";

/** A provider's model list could not be read: it answered an error, garbage, or nothing in time. */
export class ModelListError extends FlywheelError {
  /** The provider whose list failed. */
  readonly provider: string;

  constructor(options: { provider: string; message: string; hint: string; code?: "provider-unreachable" | "timeout" | "model-list-failed"; cause?: unknown }) {
    super({ code: options.code ?? "model-list-failed", message: options.message, hint: options.hint, cause: options.cause });
    this.name = "ModelListError";
    this.provider = options.provider;
  }

  /** The failure as a radar run reports it. */
  toSourceFailure(): SourceFailure {
    return { source: `provider ${this.provider}`, code: this.code, message: this.message, ...(this.hint === undefined ? {} : { hint: this.hint }) };
  }
}
