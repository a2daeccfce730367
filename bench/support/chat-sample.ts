/** Timings of one streamed answer. */
export interface ChatSample {
  promptTokens: number;
  outputTokens: number;
  /** Seconds from the call to the first streamed text (prompt evaluation). */
  firstTextSeconds: number;
  /** Seconds from the first streamed text to the end (generation). */
  generationSeconds: number;
  /** CPU seconds of the whole process (every thread) up to the first text. */
  firstTextCpuSeconds: number;
  /** CPU seconds of the whole process from the first text to the end. */
  generationCpuSeconds: number;
}

/** Process CPU time (user + system, all threads) in seconds. */
export const cpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
