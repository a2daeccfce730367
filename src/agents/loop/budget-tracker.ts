import { FlywheelError } from "../../errors/index.js";
import type { ModelInfo } from "../../models/index.js";
import type { AgentUsage, StopReason } from "./agent-events.js";

/** Hard limits of one agent run. Each is off when unset. */
export interface AgentBudgets {
  /** Most model calls. */
  maxSteps?: number;
  /** Wall-clock time limit in milliseconds; in-flight model calls and tools are aborted when it ends. */
  maxTimeMs?: number;
  /** Most tokens, input and output together, across all model calls. */
  maxTokens?: number;
  /** Most US dollars across all model calls (needs the model's price in the catalog). */
  maxCostUsd?: number;
  /** Most tool calls run in one step; the model is told that the calls past it did not run. */
  maxToolCallsPerStep?: number;
  /** Most tool calls run in the whole run; the run stops when they are spent. */
  maxToolCalls?: number;
}

/** Why the run must stop, with a message saying which budget ended. */
export interface BudgetStop {
  reason: Extract<StopReason, "max-steps" | "max-time" | "max-tokens" | "max-cost" | "max-tool-calls">;
  message: string;
}

const CHARS_PER_TOKEN = 4;

/**
 * Keeps the count of steps, tokens, cost and time of one run against its budgets. The budgets
 * are copied and frozen when the run starts: nothing the model or a tool returns can reach them.
 */
export class BudgetTracker {
  readonly budgets: Readonly<AgentBudgets>;
  readonly startedAt = performance.now();
  steps = 0;
  /** Tool calls run so far. */
  toolCalls = 0;
  usage: AgentUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  costUsd = 0;
  private readonly price: ModelInfo["price"];
  // The last call's prompt size in characters and its real input tokens: a better estimate than characters alone.
  private lastPrompt: { characters: number; tokens: number } | undefined;
  private pendingPromptCharacters = 0;
  private readonly deadline = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(options: { budgets: AgentBudgets; model: ModelInfo }) {
    this.budgets = Object.freeze({ ...options.budgets });
    this.price = options.model.price;
    for (const [name, value] of Object.entries(this.budgets)) {
      if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value <= 0)) {
        throw new FlywheelError({ code: "usage", message: `budget ${name} must be a positive number, got ${String(value)}`, hint: "set it to a positive number or leave it out" });
      }
    }
    if (this.budgets.maxCostUsd !== undefined && this.price === undefined) {
      throw new FlywheelError({
        code: "budget-unenforceable",
        message: `a cost budget was set, but the price of ${options.model.id} is unknown`,
        hint: `add models."${options.model.id}".price in flywheel.config.yaml, or drop the cost budget`,
      });
    }
    if (this.budgets.maxTimeMs !== undefined) {
      this.timer = setTimeout(() => this.deadline.abort(new DOMException("the time budget ran out", "TimeoutError")), this.budgets.maxTimeMs);
      this.timer.unref();
    }
  }

  /** Aborted when the time budget ends. */
  get deadlineSignal(): AbortSignal {
    return this.deadline.signal;
  }

  /** Milliseconds since the run started. */
  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Stops the time budget's timer. */
  dispose(): void {
    clearTimeout(this.timer);
  }

  /**
   * Counts a finished model call. The model layer already makes usage sane; a count that is not
   * (an answer cached before it did) adds nothing rather than giving budget back.
   */
  record(usage: AgentUsage, costUsd: number | undefined): void {
    if (usage.inputTokens > 0) this.lastPrompt = { characters: this.pendingPromptCharacters, tokens: usage.inputTokens };
    this.usage = {
      inputTokens: this.usage.inputTokens + count(usage.inputTokens),
      outputTokens: this.usage.outputTokens + count(usage.outputTokens),
      totalTokens: this.usage.totalTokens + count(usage.inputTokens) + count(usage.outputTokens),
    };
    this.costUsd += count(costUsd);
  }

  /** The budget that is spent, if any; checked between steps. */
  exhausted(): BudgetStop | undefined {
    const { maxSteps, maxTimeMs, maxTokens, maxCostUsd, maxToolCalls } = this.budgets;
    if (this.deadline.signal.aborted || (maxTimeMs !== undefined && this.elapsedMs() >= maxTimeMs)) {
      return { reason: "max-time", message: `stopped: the time budget of ${maxTimeMs} ms ran out` };
    }
    if (maxSteps !== undefined && this.steps >= maxSteps) return { reason: "max-steps", message: `stopped: the step budget of ${maxSteps} model calls is spent` };
    if (maxTokens !== undefined && this.usage.totalTokens >= maxTokens) {
      return { reason: "max-tokens", message: `stopped: the token budget of ${maxTokens} tokens is spent (${this.usage.totalTokens} used)` };
    }
    if (maxCostUsd !== undefined && this.costUsd >= maxCostUsd) {
      return { reason: "max-cost", message: `stopped: the cost budget of $${maxCostUsd} is spent ($${this.costUsd.toFixed(6)} used)` };
    }
    if (maxToolCalls !== undefined && this.toolCalls >= maxToolCalls) {
      return { reason: "max-tool-calls", message: `stopped: the tool call budget of ${maxToolCalls} calls is spent` };
    }
    return undefined;
  }

  /**
   * How many of the `requested` tool calls of one step may run, and why the rest may not:
   * at most `maxToolCallsPerStep`, and no more than the run's `maxToolCalls` leaves.
   */
  toolCallAllowance(requested: number): { allowed: number; limit?: string } {
    const { maxToolCallsPerStep, maxToolCalls } = this.budgets;
    const left = maxToolCalls === undefined ? requested : Math.max(0, maxToolCalls - this.toolCalls);
    if (left < requested && (maxToolCallsPerStep === undefined || left <= maxToolCallsPerStep)) {
      return { allowed: left, limit: `the run's budget of ${maxToolCalls} tool calls is spent` };
    }
    if (maxToolCallsPerStep !== undefined && maxToolCallsPerStep < requested) {
      return { allowed: maxToolCallsPerStep, limit: `at most ${maxToolCallsPerStep} tool calls run in one step; call fewer tools at once` };
    }
    return { allowed: requested };
  }

  /**
   * Before a model call: the most output tokens it may produce so that, with its estimated
   * input, neither the token nor the cost budget can be passed; or the budget that leaves no room.
   */
  allowance(promptCharacters: number, requested: number | undefined): { maxOutputTokens: number | undefined } | BudgetStop {
    this.pendingPromptCharacters = promptCharacters;
    // A prompt grows by what was appended since the last call, whose real token count is known.
    const fromLast = this.lastPrompt === undefined ? 0 : this.lastPrompt.tokens + (promptCharacters - this.lastPrompt.characters) / CHARS_PER_TOKEN;
    const estimatedInput = Math.ceil(Math.max(promptCharacters / CHARS_PER_TOKEN, fromLast));
    let limit = requested;
    const { maxTokens, maxCostUsd } = this.budgets;
    if (maxTokens !== undefined) {
      const room = maxTokens - this.usage.totalTokens - estimatedInput;
      if (room < 1) return { reason: "max-tokens", message: `stopped: the token budget of ${maxTokens} tokens leaves no room for another model call (${this.usage.totalTokens} used, about ${estimatedInput} needed for the prompt)` };
      limit = Math.min(limit ?? room, room);
    }
    if (maxCostUsd !== undefined && this.price !== undefined) {
      const left = maxCostUsd - this.costUsd - (estimatedInput * this.price.input) / 1_000_000;
      const room = this.price.output > 0 ? Math.floor((left * 1_000_000) / this.price.output) : Number.MAX_SAFE_INTEGER;
      if (left <= 0 || room < 1) return { reason: "max-cost", message: `stopped: the cost budget of $${maxCostUsd} leaves no room for another model call ($${this.costUsd.toFixed(6)} used)` };
      limit = Math.min(limit ?? room, room);
    }
    return { maxOutputTokens: limit };
  }
}

function count(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}
