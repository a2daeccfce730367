import { FlywheelError } from "../errors/index.js";

/** Why a feed could not be read. */
export type FeedErrorCode = "feed-unreachable" | "feed-http-error" | "feed-too-large" | "feed-malformed" | "feed-not-a-feed";

/** A configured feed (`source`) could not be fetched or read; the run reports it and goes on with the other feeds. */
export class FeedError extends FlywheelError {
  /** The feed's URL as configured. */
  readonly source: string;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  constructor(options: { code: FeedErrorCode; source: string; message: string; hint: string; status?: number; cause?: unknown }) {
    super({ code: options.code, message: options.message, hint: options.hint, cause: options.cause });
    this.name = "FeedError";
    this.source = options.source;
    this.status = options.status;
  }
}
