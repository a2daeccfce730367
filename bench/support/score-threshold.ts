/** How well a cosine threshold tells questions a corpus answers from questions it does not. */
export interface ThresholdFit {
  threshold: number;
  /** Share of answerable questions whose best hit reaches the threshold. */
  answeredKept: number;
  /** Share of off-topic questions whose best hit stays below it. */
  offTopicRefused: number;
  /** Mean of the two shares. */
  balancedAccuracy: number;
}

/** The fit of one threshold to the best-hit scores of answerable and off-topic questions. */
export function fitThreshold(threshold: number, answerable: number[], offTopic: number[]): ThresholdFit {
  const answeredKept = answerable.filter((score) => score >= threshold).length / answerable.length;
  const offTopicRefused = offTopic.filter((score) => score < threshold).length / offTopic.length;
  return { threshold, answeredKept, offTopicRefused, balancedAccuracy: (answeredKept + offTopicRefused) / 2 };
}

/** The threshold (in steps of 0.01) with the best balanced accuracy; ties go to the lower one, which refuses fewer answerable questions. */
export function bestThreshold(answerable: number[], offTopic: number[]): ThresholdFit {
  let best = fitThreshold(0, answerable, offTopic);
  for (let step = 1; step <= 100; step++) {
    const fit = fitThreshold(step / 100, answerable, offTopic);
    if (fit.balancedAccuracy > best.balancedAccuracy + 1e-9) best = fit;
  }
  return best;
}
