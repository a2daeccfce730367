import { FlywheelError } from "../errors/index.js";
import type { ErrorCode } from "../errors/index.js";

/** A tool refused or failed a call; the message goes back to the model as the tool result. */
export class ToolError extends FlywheelError {
  /** The tool that failed. */
  readonly toolName: string;
  constructor(options: { toolName: string; code: ErrorCode; message: string; hint?: string; cause?: unknown }) {
    super({ code: options.code, message: options.message, hint: options.hint, cause: options.cause });
    this.name = "ToolError";
    this.toolName = options.toolName;
  }
}

/** A file tool was asked for a path outside its allowed root (`..`, an absolute path, a symlink that leads out). */
export class PathOutsideRootError extends ToolError {
  constructor(options: { toolName: string; path: string }) {
    super({
      toolName: options.toolName,
      code: "path-outside-root",
      message: `"${options.path}" is outside the folder this tool may read`,
      hint: "use a path relative to the allowed folder, without `..`",
    });
    this.name = "PathOutsideRootError";
  }
}

/** Code given to `run_js` ran past its time or memory limit, or failed. */
export class SandboxError extends ToolError {
  /** `timeout`, `memory` or `error`. */
  readonly reason: "timeout" | "memory" | "error";
  constructor(options: { reason: "timeout" | "memory" | "error"; message: string }) {
    super({ toolName: "run_js", code: `sandbox-${options.reason}`, message: options.message });
    this.name = "SandboxError";
    this.reason = options.reason;
  }
}

/** A tool name that is neither built in nor provided by a connected MCP server. */
export class UnknownToolError extends FlywheelError {
  constructor(options: { name: string; known: string[] }) {
    super({
      code: "unknown-tool",
      message: `unknown tool "${options.name}"`,
      hint: options.known.length > 0 ? `choose from ${options.known.join(", ")}` : "no tools are available; configure MCP servers or use the built-in tools",
    });
    this.name = "UnknownToolError";
  }
}

/** An MCP server could not be started, reached or listed. */
export class McpConnectionError extends FlywheelError {
  /** The server's name in config. */
  readonly server: string;
  constructor(options: { server: string; message: string; cause?: unknown }) {
    super({
      code: "mcp-connection-failed",
      message: `MCP server "${options.server}": ${options.message}`,
      hint: `check agents.mcpServers.${options.server} in flywheel.config.yaml (command and args, or url)`,
      cause: options.cause,
    });
    this.name = "McpConnectionError";
    this.server = options.server;
  }
}
