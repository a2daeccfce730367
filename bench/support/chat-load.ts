import { summarize } from "./results.js";

/** Work a side still owes when its last answer has arrived (the workbench: writing its queued spans). */
export type Settle = () => Promise<void>;

/** A side that owes nothing once it has answered. */
export const nothingOwed: Settle = async () => undefined;

/** One load round's numbers: requests/s (settling included) and latency percentiles in ms. */
export type LoadRound = { perSecond: number } & ReturnType<typeof summarize>;

/** Sends `requests` chat completions to `${url}/chat/completions`, `concurrency` at a time, then settles. */
export async function chatLoad(url: string, model: string, stream: boolean, { requests, concurrency }: { requests: number; concurrency: number }, settle: Settle): Promise<LoadRound> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      const index = next++;
      const sent = performance.now();
      const response = await fetch(`${url}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer bench" },
        body: JSON.stringify({ model, stream, messages: [{ role: "user", content: `hello ${index}` }] }),
      });
      const text = await response.text();
      if (!response.ok || !text.includes(stream ? "[DONE]" : "You said")) throw new Error(`${url}: ${response.status} ${text.slice(0, 200)}`);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await settle();
  return { perSecond: requests / ((performance.now() - started) / 1000), ...summarize(latencies) };
}

/** The median round: median req/s, p50 and p95 over the rounds. */
export function medianRound(rounds: LoadRound[]): { perSecond: number; p50: number; p95: number } {
  return { perSecond: summarize(rounds.map((round) => round.perSecond)).p50, p50: summarize(rounds.map((round) => round.p50)).p50, p95: summarize(rounds.map((round) => round.p95)).p50 };
}
