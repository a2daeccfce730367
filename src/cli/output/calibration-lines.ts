import type { CollectionCalibration } from "../../store/index.js";
import { colors } from "./terminal.js";

/**
 * How a calibration reads on the terminal: the mode chosen, why, and the evidence (each
 * ranking's mean reciprocal rank on the pseudo-queries, how many, and how long it took).
 */
export function calibrationLines(calibration: CollectionCalibration): string[] {
  const { scores } = calibration;
  const weights = calibration.weights === undefined ? "" : ` (weights vector ${calibration.weights.vector}, bm25 ${calibration.weights.bm25})`;
  return [
    `search mode: ${colors.bold(calibration.mode)}${weights}: ${calibration.reason}`,
    colors.dim(
      `  calibrated on ${calibration.sampleSize} pseudo-queries from ${calibration.chunkCount} chunks in ${calibration.seconds.toFixed(1)}s · MRR@10 vector ${scores.vector.toFixed(3)}, bm25 ${scores.bm25.toFixed(3)}, hybrid ${scores.hybrid.toFixed(3)}`,
    ),
  ];
}
