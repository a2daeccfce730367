// Simulated users for the experiments walk-through. Each user asks the running workbench's
// OpenAI-compatible endpoint for a greeting with `model: "experiment:greeting"`, reads the
// variant and trace id from the response headers, and rates the answer good or bad with a
// known probability per variant (seeded, so a run can be repeated). Run from this folder,
// with `flywheel ui` running here:
//   npx tsx simulate-users.ts http://127.0.0.1:4000 --users 400 --rates A=0.5,B=0.65
import { parseArgs } from "node:util";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    users: { type: "string", default: "400" },
    rates: { type: "string", default: "A=0.5,B=0.65" },
    seed: { type: "string", default: "1" },
    experiment: { type: "string", default: "greeting" },
    concurrency: { type: "string", default: "4" },
    token: { type: "string", default: process.env.FLYWHEEL_TOKEN },
  },
});
const base = positionals[0]?.replace(/\/$/, "");
if (base === undefined) {
  console.error("error: give the workbench URL, e.g. npx tsx simulate-users.ts http://127.0.0.1:4000");
  process.exit(2);
}
const users = Number(values.users);
const rates = Object.fromEntries(values.rates.split(",").map((pair) => [pair.split("=")[0]!, Number(pair.split("=")[1])]));
const headers: Record<string, string> = { "content-type": "application/json", ...(values.token === undefined ? {} : { authorization: `Bearer ${values.token}` }) };
const random = mulberry32(Number(values.seed));
const names = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo"];

// Draw every user's name and verdict up front, so the outcome depends on the seed alone, not on timing.
const plan = Array.from({ length: users }, (_, index) => ({ user: `user-${index + 1}`, name: names[index % names.length]!, luck: random() }));
const seen: Record<string, { users: number; good: number }> = {};
let next = 0;
await Promise.all(Array.from({ length: Number(values.concurrency) }, () => worker()));
for (const [variant, { users: count, good }] of Object.entries(seen).sort()) {
  console.log(`${variant}: ${count} users, ${good} rated good (${((100 * good) / count).toFixed(1)}%; true rate ${((rates[variant] ?? 0) * 100).toFixed(0)}%)`);
}

async function worker(): Promise<void> {
  while (next < plan.length) {
    const { user, name, luck } = plan[next++]!;
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: `experiment:${values.experiment}`, user, messages: [], variables: { name } }),
    });
    if (!response.ok) throw new Error(`chat: ${response.status} ${await response.text()}`);
    await response.json();
    const variant = response.headers.get("x-flywheel-variant")!;
    const traceId = response.headers.get("x-flywheel-trace-id")!;
    const good = luck < (rates[variant] ?? 0);
    seen[variant] ??= { users: 0, good: 0 };
    seen[variant].users += 1;
    if (good) seen[variant].good += 1;
    await sendFeedback(traceId, good);
  }
}

/** Rates the trace; the workbench stores spans in batches, so a trace may take a moment to exist. */
async function sendFeedback(traceId: string, good: boolean): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const response = await fetch(`${base}/api/traces/${traceId}/feedback`, { method: "POST", headers, body: JSON.stringify({ label: good ? "good" : "bad", author: "simulated-user" }) });
    if (response.ok) return;
    if (response.status !== 404 || attempt === 50) throw new Error(`feedback: ${response.status} ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A small seeded generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
