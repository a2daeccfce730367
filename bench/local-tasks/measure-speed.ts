import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { interleave } from "../support/interleave.js";
import { summarize } from "../support/results.js";
import { openDirectSide, openFlywheelSide } from "./chat-sides.js";
import type { ChatSample } from "../support/chat-sample.js";
import type { ChatSideSettings } from "./chat-sides.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** One side's speed (median of its runs) and peak memory. */
export interface SideSpeed {
  /** Prompt tokens per second (prompt evaluation up to the first text). */
  promptTokensPerSecond: number;
  /** Generated tokens per second after the first text. */
  generationTokensPerSecond: number;
  /** Prompt tokens per CPU-second of the process: the work it costs, which other load on the machine disturbs far less. */
  promptTokensPerCpuSecond: number;
  /** Generated tokens per CPU-second of the process. */
  generationTokensPerCpuSecond: number;
  /** Peak resident memory of a process that loads the model and answers once, in MiB. */
  peakRssMiB: number;
  promptTokens: number;
  outputTokens: number;
}

/** Both sides' speed and memory for one model. */
export interface ModelSpeed {
  flywheel: SideSpeed;
  direct: SideSpeed;
  rounds: number;
}

/**
 * Measures a model through Flywheel's provider and through node-llama-cpp directly: `rounds`
 * interleaved answers each in this process (order reversed every other round, after one
 * warm-up answer each; medians reported), then peak memory in one fresh process per side.
 */
export async function measureSpeed(settings: ChatSideSettings, rounds: number): Promise<ModelSpeed> {
  const flywheel = await openFlywheelSide(settings);
  const direct = await openDirectSide(settings);
  let samples: Record<"flywheel" | "direct", ChatSample[]>;
  try {
    await flywheel.answer(-1);
    await direct.answer(-2);
    samples = await interleave(rounds, { flywheel: (round) => flywheel.answer(round), direct: (round) => direct.answer(round) });
  } finally {
    await direct.close();
    await flywheel.close();
  }
  const median = (name: "flywheel" | "direct", rate: (sample: ChatSample) => number) => summarize(samples[name].map(rate)).p50;
  const side = async (name: "flywheel" | "direct"): Promise<SideSpeed> => ({
    promptTokensPerSecond: median(name, (sample) => sample.promptTokens / sample.firstTextSeconds),
    generationTokensPerSecond: median(name, (sample) => (sample.outputTokens - 1) / sample.generationSeconds),
    promptTokensPerCpuSecond: median(name, (sample) => sample.promptTokens / sample.firstTextCpuSeconds),
    generationTokensPerCpuSecond: median(name, (sample) => (sample.outputTokens - 1) / sample.generationCpuSeconds),
    peakRssMiB: await measurePeakMemory(name, settings),
    promptTokens: samples[name][0]!.promptTokens,
    outputTokens: samples[name][0]!.outputTokens,
  });
  return { flywheel: await side("flywheel"), direct: await side("direct"), rounds };
}

/** Peak RSS of a fresh process that loads one side and answers once (peak-memory-worker.ts). */
function measurePeakMemory(name: "flywheel" | "direct", settings: ChatSideSettings): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "peak-memory-worker.ts"), name, JSON.stringify(settings)], {
      cwd: path.join(here, "..", ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`memory run of ${name} exited ${code}: ${stderr.trim().split("\n").at(-1) ?? ""}`));
      else resolve((JSON.parse(last) as { peakRssMiB: number }).peakRssMiB);
    });
  });
}
