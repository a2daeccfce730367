import { AsyncLocalStorage } from "node:async_hooks";
import { BudgetExhaustedError, FlywheelError } from "../../errors/index.js";
import type { ModelInfo } from "../catalog/index.js";
import { estimateTokens } from "./token-estimate.js";

/** Limits on the model calls made inside `ModelCallBudget.track`. Each is off when unset. */
export interface ModelCallLimits {
  /** Most model calls that reach a model (answers from the response cache do not count). */
  maxCalls?: number;
  /** Most US dollars across those calls (every model called needs its price in the catalog). */
  maxCostUsd?: number;
  /**
   * Refuse a call that could take the cost past `maxCostUsd`, rather than only calls that start
   * once it is passed: a call is expected to cost as much as the dearest finished call of the same
   * model (at least its prompt at the input price), calls in flight count at what they were
   * expected to cost, and after the first refusal no call starts (default false).
   */
  stopBeforeLimit?: boolean;
}

/** Which limit is spent, with a message saying so. */
export interface CallBudgetStop {
  reason: "max-calls" | "max-cost";
  message: string;
}

interface Scope {
  budget: ModelCallBudget;
  refused: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Counts the model calls and their cost made by any code run through `track`, across every
 * model of the registry, however deeply a target, agent or grader calls them. Once a limit
 * is spent no new call starts: it fails with a BudgetExhaustedError. Calls in flight finish.
 */
export class ModelCallBudget {
  readonly limits: Readonly<ModelCallLimits>;
  /** Model calls started. */
  calls = 0;
  /** US dollars of the calls finished. */
  costUsd = 0;
  /** The last call refused, and why. */
  refusal: BudgetExhaustedError | undefined;
  /** What the calls in flight are expected to cost (`stopBeforeLimit`). */
  private reservedUsd = 0;
  /** The dearest finished call of each model, by model id (`stopBeforeLimit`). */
  private readonly dearestUsd = new Map<string, number>();
  private stoppedBeforeLimit: CallBudgetStop | undefined;

  constructor(limits: ModelCallLimits) {
    this.limits = Object.freeze({ ...limits });
    for (const [name, value] of Object.entries(this.limits)) {
      if (name === "stopBeforeLimit") continue;
      if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value) || value <= 0)) {
        throw new FlywheelError({ code: "usage", message: `budget ${name} must be a positive number, got ${String(value)}`, hint: "set it to a positive number or leave it out" });
      }
    }
  }

  /** The spent limit, if any. */
  spent(): CallBudgetStop | undefined {
    const { maxCalls, maxCostUsd } = this.limits;
    if (maxCalls !== undefined && this.calls >= maxCalls) return { reason: "max-calls", message: `the budget of ${maxCalls} model calls is spent` };
    if (maxCostUsd !== undefined && this.costUsd >= maxCostUsd) return { reason: "max-cost", message: `the cost budget of $${maxCostUsd} is spent ($${this.costUsd.toFixed(6)} used)` };
    return this.stoppedBeforeLimit;
  }

  /**
   * Under `stopBeforeLimit`: reserves what a call of `info` with a prompt of this many characters
   * is expected to cost, or records why it must not start. Returns the release to call when it ends.
   */
  reserve(info: ModelInfo, promptCharacters: number): ((costUsd: number | undefined) => void) | undefined {
    const { maxCostUsd, stopBeforeLimit } = this.limits;
    if (stopBeforeLimit !== true || maxCostUsd === undefined || info.price === undefined) return undefined;
    const expected = Math.max(this.dearestUsd.get(info.id) ?? 0, (estimateTokens(promptCharacters) * info.price.input) / 1_000_000);
    if (this.costUsd + this.reservedUsd + expected > maxCostUsd) {
      this.stoppedBeforeLimit = {
        reason: "max-cost",
        message: `the cost budget of $${maxCostUsd} is spent: the next call (about $${expected.toFixed(6)}) could pass it ($${this.costUsd.toFixed(6)} used)`,
      };
      return undefined;
    }
    this.reservedUsd += expected;
    return (costUsd) => {
      this.reservedUsd -= expected;
      if (costUsd !== undefined && Number.isFinite(costUsd) && costUsd > 0) this.dearestUsd.set(info.id, Math.max(costUsd, this.dearestUsd.get(info.id) ?? 0));
    };
  }

  /** Runs `work` with its model calls counted here; `refused` says whether the budget refused one of them. */
  async track<T>(work: () => Promise<T>): Promise<{ value: T; refused: boolean }> {
    const scope: Scope = { budget: this, refused: false };
    const value = await scopes.run(scope, work);
    return { value, refused: scope.refused };
  }
}

/** What the model layer does around one call when a budget is tracking it. */
export interface TrackedCall {
  /** Adds the finished call's cost (undefined when it failed or reported no usage); call it once. */
  finish(costUsd: number | undefined): void;
}

/**
 * Starts one model call against the budget that tracks the calling code, if any: throws a
 * BudgetExhaustedError when a limit is spent, or when a cost limit is set and the model has
 * no price (its cost could not be counted).
 */
export function startTrackedCall(info: ModelInfo, promptCharacters = 0): TrackedCall | undefined {
  const scope = scopes.getStore();
  if (scope === undefined) return undefined;
  const { budget } = scope;
  const release = budget.spent() === undefined ? budget.reserve(info, promptCharacters) : undefined;
  const spent = budget.spent();
  if (spent !== undefined || (budget.limits.maxCostUsd !== undefined && info.price === undefined)) {
    scope.refused = true;
    budget.refusal =
      spent === undefined
        ? new BudgetExhaustedError({ message: `a cost budget is set, but the price of ${info.id} is unknown, so it was not called`, hint: `add models."${info.id}".price in flywheel.config.yaml, or drop the cost budget` })
        : new BudgetExhaustedError({ message: `${spent.message}; no more model calls start`, hint: "raise the budget to go on" });
    throw budget.refusal;
  }
  budget.calls += 1;
  return {
    finish: (costUsd) => {
      budget.costUsd += costUsd !== undefined && Number.isFinite(costUsd) && costUsd > 0 ? costUsd : 0;
      release?.(costUsd);
    },
  };
}
