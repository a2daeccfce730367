import { FlywheelError } from "../../errors/index.js";

/** The digest's webhook could not be posted (its URL and header values are never in the message). */
export class WebhookError extends FlywheelError {
  constructor(options: { message: string; hint?: string; cause?: unknown }) {
    super({ code: "webhook-failed", ...options });
    this.name = "WebhookError";
  }
}
