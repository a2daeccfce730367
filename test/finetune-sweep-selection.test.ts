import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pythonSourceDirectory } from "../src/finetune/engines/local/python-paths.js";

interface Point {
  step: number;
  loss: number | "nan";
  accuracy: number;
}

/**
 * Feeds validation curves through the worker's selection code (plain Python, no torch), as the
 * sweep does: each trial's points go to its early stopping until it stops, then the best trial
 * is chosen. Returns, per trial, where it stopped and its best point, and the chosen index.
 */
function select(curves: Point[][], patience: number): { trials: { stoppedAt: number; best: Point | null }[]; chosen: number } {
  const script = `
import json, sys
from flywheel_train.selection import EarlyStopping, choose_trial
curves, patience = json.load(sys.stdin)
trials, report = [], []
for curve in curves:
    stopper, stopped_at = EarlyStopping(patience), None
    for point in curve:
        point["loss"] = float(point["loss"])  # "nan" stands for a diverged loss, which JSON cannot carry
        stopper.update(point)
        if stopper.stopped:
            stopped_at = point["step"]
            break
    trials.append({"best": stopper.best})
    report.append({"stoppedAt": stopped_at if stopped_at is not None else curve[-1]["step"], "best": stopper.best})
print(json.dumps({"trials": report, "chosen": choose_trial(trials)}))
`;
  const result = spawnSync("python3", ["-c", script], { input: JSON.stringify([curves, patience]), encoding: "utf8", env: { ...process.env, PYTHONPATH: pythonSourceDirectory() } });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as ReturnType<typeof select>;
}

const curve = (...points: [Point["loss"], number][]): Point[] => points.map(([loss, accuracy], index) => ({ step: (index + 1) * 8, loss, accuracy }));

describe("the fine-tuning sweep's selection", () => {
  it("picks the rate with the best validation accuracy, and the lower loss among equally accurate ones", () => {
    const low = curve([2.1, 0.25], [1.4, 0.5]);
    const middle = curve([0.9, 0.75], [0.3, 1]);
    const high = curve([0.6, 0.75], [0.2, 1]);
    expect(select([low, middle, high], 2).chosen).toBe(2);
    expect(select([low, high, middle], 2).chosen).toBe(1);
    // Accuracy first: a lower loss with fewer exact replies loses.
    expect(select([curve([0.1, 0.5]), curve([0.4, 0.75])], 2).chosen).toBe(1);
    // A tie keeps the earlier (lower) rate.
    expect(select([curve([0.3, 1]), curve([0.3, 1])], 2).chosen).toBe(0);
  });

  it("stops a run after `patience` evaluations without gain and keeps its best point", () => {
    const overfits = curve([0.8, 0.5], [0.3, 1], [0.31, 1], [0.5, 0.75], [0.9, 0.5], [1.2, 0.5]);
    const result = select([overfits], 2);
    expect(result.trials[0]).toEqual({ stoppedAt: 32, best: { step: 16, loss: 0.3, accuracy: 1 } });
  });

  it("counts a loss gain smaller than the tolerance as no gain", () => {
    const plateau = curve([0.2, 1], [0.195, 1], [0.193, 1], [0.05, 1]);
    expect(select([plateau], 2).trials[0]).toEqual({ stoppedAt: 24, best: { step: 8, loss: 0.2, accuracy: 1 } });
  });

  it("stops a diverged run at once and never chooses a run without a measurement", () => {
    const diverged = select([curve(["nan", 0]), curve([3, 0])], 3);
    expect(diverged.trials[0]).toEqual({ stoppedAt: 8, best: null });
    expect(diverged.chosen).toBe(1);
    expect(select([curve(["nan", 0])], 3).chosen).toBe(-1);
  });
});
