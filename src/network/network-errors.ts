import { FlywheelError } from "../errors/index.js";

/** A guarded request refused a URL: a host not on the allow-list, an address it may not reach, a scheme other than http(s). */
export class NetworkPolicyError extends FlywheelError {
  /** The URL as requested (no credentials: they are refused before this point). */
  readonly url: string;
  /** Why it was refused, in a few words. */
  readonly reason: string;
  constructor(options: { url: string; reason: string; hint: string }) {
    super({ code: "network-refused", message: `refused ${options.url}: ${options.reason}`, hint: options.hint });
    this.name = "NetworkPolicyError";
    this.url = options.url;
    this.reason = options.reason;
  }
}
