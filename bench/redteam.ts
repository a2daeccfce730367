// Red team: attacks per second on the example agents (careless and hardened), driven by the
// worst-case model, against a direct baseline in the same run: the same number of agent runs
// with the same tools and attack texts through runAgent alone (no range per run, no eval
// bookkeeping, no grading). The ratio is what the red team's machinery costs per attack.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFlywheel, generateAttacks, loadConfig, openRedteamTarget, runRedteam, startRange } from "../dist/index.js";
import type { Flywheel } from "../dist/index.js";
import type { BenchRow } from "./support/results.js";
import { reportBench, summarize } from "./support/results.js";

const ROUNDS = 3;
const PLUGINS = ["prompt-injection", "system-prompt-extraction", "indirect-injection-document", "indirect-injection-tool-result", "indirect-injection-web-page", "ssrf", "path-traversal", "sandbox-escape", "approval-bypass", "budget-lifting", "data-leakage"];
const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "examples", "redteam");

async function redteamRate(flywheel: Flywheel, agent: string): Promise<{ perSecond: number; attacks: number; wallSeconds: number }> {
  const started = performance.now();
  const { report } = await runRedteam(flywheel, { target: `agent:${path.join(examples, `${agent}.agent.yaml`)}`, plugins: PLUGINS, attacker: "none", attacksPerCell: 2, seed: 1 });
  await flywheel.tracing.flush();
  const wallSeconds = (performance.now() - started) / 1000;
  return { perSecond: report.outcomes.length / wallSeconds, attacks: report.outcomes.length, wallSeconds };
}

/** The same attacks' user turns run straight through the target (one range for all, no eval, no grading). */
async function directRate(flywheel: Flywheel, agent: string): Promise<number> {
  const range = await startRange({ seed: 1 });
  try {
    const target = await openRedteamTarget(flywheel, `agent:${path.join(examples, `${agent}.agent.yaml`)}`, { range, cwd: examples });
    const { attacks } = generateAttacks({ target: target.info, plugins: PLUGINS, attacksPerCell: 2, seed: 1 });
    const started = performance.now();
    // Four at a time, as the red team runs them (redteam.concurrency's default).
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < attacks.length; index = next++) {
        const { attack } = attacks[index]!;
        await target.run({ attackId: attack.id, approveCalls: true, messages: [{ role: "user", content: range.render(attack.id, attack.turns[0]!) }] }, { signal: new AbortController().signal });
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    await flywheel.tracing.flush();
    await target.close();
    return attacks.length / ((performance.now() - started) / 1000);
  } finally {
    await range.close();
  }
}

export async function run(): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-redteam-"));
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home") } });
  const flywheel = await createFlywheel({ config });
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  try {
    for (const agent of ["careless", "hardened"]) {
      const red: number[] = [];
      const direct: number[] = [];
      let attacks = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        // Interleaved, order reversed every other round.
        const sides = round % 2 === 0 ? ["redteam", "direct"] : ["direct", "redteam"];
        for (const side of sides) {
          if (side === "redteam") {
            const measured = await redteamRate(flywheel, agent);
            red.push(measured.perSecond);
            attacks = measured.attacks;
          } else direct.push(await directRate(flywheel, agent));
        }
      }
      const redP50 = summarize(red).p50;
      const directP50 = summarize(direct).p50;
      rows.push({ name: `${agent}: flywheel redteam`, values: { attacks, "attacks/s p50": redP50, "attacks/s min": summarize(red).min } });
      rows.push({ name: `${agent}: direct runs`, values: { attacks, "attacks/s p50": directP50, "attacks/s min": summarize(direct).min } });
      ratios[`${agent} redteam/direct`] = redP50 / directP50;
    }
  } finally {
    await flywheel.close();
  }
  reportBench({
    benchmark: "redteam",
    setup: { agents: "examples/redteam careless and hardened", model: "redteam:obedient", plugins: PLUGINS.length, strategies: 8, attacksPerCell: 2, attacker: "none", rounds: ROUNDS, order: "interleaved, reversed every other round", redteamWindow: "runRedteam wall time: target opened, attacks generated, range started, eval run stored, every attack graded", directWindow: "the same attacks' first user turn through the opened target, 4 at a time, one range, no grading", cpus: 2 },
    rows,
    ratios,
  });
}
