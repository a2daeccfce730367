import type { LogWarningsFunction } from "ai";
import type { Terminal } from "./terminal.js";

type AiSdkWarning = Parameters<LogWarningsFunction>[0]["warnings"][number];

/**
 * Prints AI SDK and Node process warnings as one `warning:` line each through the terminal,
 * once per distinct text, instead of Node's raw `(node:PID) Warning: AI SDK Warning ...` lines.
 * The AI SDK's own logging is replaced (its `AI_SDK_LOG_WARNINGS` global), for the whole process.
 */
export function routeWarnings(terminal: Terminal): void {
  const seen = new Set<string>();
  const warnOnce = (text: string) => {
    if (seen.has(text)) return;
    seen.add(text);
    terminal.warn(text);
  };
  globalThis.AI_SDK_LOG_WARNINGS = ({ warnings, provider, model }) => {
    for (const warning of warnings) {
      const text = describeWarning(warning);
      if (text !== undefined) warnOnce(provider === undefined || model === undefined ? text : `${provider}:${model}: ${text}`);
    }
  };
  process.removeAllListeners("warning");
  process.on("warning", (warning) => warnOnce(warning.message));
}

/** One line for a warning a user can act on; compatibility notes about the SDK's internals are left out. */
function describeWarning(warning: AiSdkWarning): string | undefined {
  switch (warning.type) {
    case "unsupported":
      return `${warning.feature} is not supported${warning.details === undefined ? "" : `: ${warning.details}`}`;
    case "deprecated":
      return `${warning.setting} is deprecated: ${warning.message}`;
    case "other":
      return warning.message;
    default:
      return undefined;
  }
}
