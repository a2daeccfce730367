import { distance } from "fastest-levenshtein";
import { FlywheelError } from "../errors/index.js";

function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** A plugin id that no plugin has. */
export class UnknownPluginError extends FlywheelError {
  constructor(name: string, known: readonly string[]) {
    const near = closest(name, known);
    super({ code: "unknown-plugin", message: `no red-team plugin named "${name}"${near === undefined ? "" : ` (did you mean "${near}"?)`}`, hint: `plugins: ${known.join(", ")} (flywheel redteam --list)` });
  }
}

/** A strategy id that no strategy has. */
export class UnknownStrategyError extends FlywheelError {
  constructor(name: string, known: readonly string[]) {
    const near = closest(name, known);
    super({ code: "unknown-strategy", message: `no red-team strategy named "${name}"${near === undefined ? "" : ` (did you mean "${near}"?)`}`, hint: `strategies: ${known.join(", ")} (flywheel redteam --list)` });
  }
}

/** The target could not be opened or reached; nothing was attacked. */
export class TargetUnreachableError extends FlywheelError {
  constructor(reference: string, why: string, hint: string) {
    super({ code: "target-unreachable", message: `cannot reach red-team target ${reference}: ${why}`, hint });
  }
}

/** The attacker model would not write attacks. */
export class AttackerRefusedError extends FlywheelError {
  constructor(model: string, reply: string) {
    const excerpt = reply.replace(/\s+/g, " ").trim().slice(0, 80);
    super({
      code: "attacker-refused",
      message: `the attacker model ${model} refused to write attacks${excerpt === "" ? " (empty reply)" : ` ("${excerpt}")`}`,
      hint: "use another model with --attacker <model>, or --attacker none to send the templates as written",
    });
  }
}
