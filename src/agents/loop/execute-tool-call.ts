import type { Tracer } from "@opentelemetry/api";
import { FlywheelError } from "../../errors/index.js";
import { isAbortError } from "../../errors/to-flywheel-error.js";
import { redactSecrets } from "../../secrets/index.js";
import { AgentAttributes, FlywheelAttributes, GenAi, withSpan } from "../../traces/index.js";
import type { AgentTool } from "../tools/agent-tool.js";
import type { ToolCallRecord } from "./agent-events.js";
import { toolOutputText } from "./tool-output.js";

/** A tool call the model made, before it runs. */
export interface PendingToolCall {
  id: string;
  name: string;
  /** Parsed input, or the raw text when the model wrote JSON that does not parse. */
  input: unknown;
  /** Set when the model's arguments were not valid JSON. */
  unparsable?: boolean;
}

/** Options for `executeToolCall`. */
export interface ExecuteToolCallOptions {
  call: PendingToolCall;
  /** The tool, or undefined when the model named one that is not enabled. */
  tool: AgentTool | undefined;
  /** Names of the enabled tools, for the error the model gets. */
  toolNames: string[];
  /** Whether the call was approved; `false` sends a refusal back to the model instead of running. */
  approved: boolean;
  step: number;
  signal: AbortSignal;
  tracer: Tracer;
  maxOutputChars: number;
}

/**
 * Runs one tool call inside a `tool <name>` span: validates the input against the tool's
 * schema, runs it, and turns the result or any failure into the text the model reads next.
 * Nothing here throws for a bad call: unknown tools, invalid input, refusals and errors all
 * become tool results, so the model can correct itself. Only an abort propagates.
 */
export function executeToolCall(options: ExecuteToolCallOptions): Promise<ToolCallRecord> {
  const { call, tool, step } = options;
  const started = performance.now();
  return withSpan(
    options.tracer,
    `tool ${call.name}`,
    {
      kind: "tool",
      attributes: {
        [GenAi.operationName]: "execute_tool",
        [GenAi.toolName]: call.name,
        [GenAi.toolCallId]: call.id,
        [FlywheelAttributes.input]: redactSecrets(typeof call.input === "string" ? call.input : (JSON.stringify(call.input) ?? "")),
      },
    },
    async (span) => {
      const record = (output: string, isError: boolean, denied?: boolean): ToolCallRecord => {
        const text = redactSecrets(output);
        span.setAttribute(FlywheelAttributes.output, text);
        if (isError) span.setAttribute(AgentAttributes.toolError, true);
        if (denied === true) span.setAttribute(AgentAttributes.toolDenied, true);
        return { id: call.id, name: call.name, input: call.input, output: text, isError, ...(denied === true ? { denied } : {}), step, durationMs: performance.now() - started };
      };
      if (tool === undefined) return record(`error: there is no tool "${call.name}". Available tools: ${options.toolNames.join(", ") || "none"}.`, true);
      if (call.unparsable === true) return record(`error: the arguments are not valid JSON. Call ${call.name} again with a JSON object that matches its schema.`, true);
      const parsed = tool.inputSchema.safeParse(call.input);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
        return record(`error: invalid input for ${call.name}: ${issues}`, true);
      }
      if (!options.approved) return record(`error: the user did not approve this call to ${call.name}. Do not retry it; continue without it or explain what you need.`, true, true);
      try {
        const value = await tool.execute(parsed.data, { signal: options.signal, toolCallId: call.id });
        return record(toolOutputText(value, options.maxOutputChars), false);
      } catch (error) {
        if (options.signal.aborted && (isAbortError(error) || (FlywheelError.isInstance(error) && error.code === "cancelled"))) throw error;
        const message = error instanceof Error ? error.message : String(error);
        return record(toolOutputText(`error: ${message}`, options.maxOutputChars), true);
      }
    },
  );
}
