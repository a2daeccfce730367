import { createHash } from "node:crypto";
import { generateText, Output } from "ai";
import { z } from "zod";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { exampleText } from "../clean/example-text.js";
import { MinHasher, signatureSimilarity } from "../clean/minhash.js";
import { rowKey } from "../content-hash.js";
import type { CleanOptions } from "../clean/clean-rows.js";
import { readDatasetRows, resolveDatasetVersion } from "../dataset-reference.js";
import type { DatasetRow } from "../dataset-row.js";
import { saveDatasetVersion } from "../save-dataset-version.js";
import type { SavedDatasetVersion } from "../save-dataset-version.js";
import type { SplitOptions } from "../split/grouped-split.js";
import { compileReplySchema } from "./reply-schema.js";

/** Options of `synthesizeDataset`. */
export interface SynthesizeOptions {
  /** Dataset to add the new version to. */
  name: string;
  /** Seed dataset (`name` or `name@version`): its examples show the teacher the task. */
  from: string;
  /** How many new examples to keep. */
  count: number;
  /** The model that writes them. */
  teacher: string;
  /** JSON schema every reply must match (the reply must then be JSON). */
  schema?: Record<string, unknown>;
  /** Examples asked for per teacher call (default 5). */
  perCall?: number;
  /** Seed examples shown per call (default 4). */
  shots?: number;
  /** New examples at least this similar to a seed or an earlier new one are dropped (default 0.8). */
  duplicateThreshold?: number;
  /** Keep the seed rows in the new version too (default false: only the new examples). */
  includeSeed?: boolean;
  /** Seed of the choice of shots (default 42). */
  seed?: number;
  /** Stop after this many teacher calls (default: 4 x count / perCall). */
  maxCalls?: number;
  clean?: CleanOptions;
  split?: SplitOptions;
  signal?: AbortSignal;
  /** Called after each teacher call. */
  onProgress?: (progress: { calls: number; kept: number; rejected: number }) => void;
}

/** What synthesis kept and why it dropped the rest. */
export interface SynthesisReport {
  teacher: string;
  calls: number;
  generated: number;
  kept: number;
  rejected: { invalid: number; schema: number; duplicateOfSeed: number; duplicate: number };
  /** A few rejection reasons, for the user. */
  examples: string[];
}

const INSTRUCTIONS =
  "You write training examples for a task. Study the examples; then write new ones for the same task: different inputs " +
  "(new topics, wording and lengths), each with the reply the task wants, in exactly the same format and style as the example replies. " +
  "Never copy an example.";

const batchSchema = z.object({ examples: z.array(z.object({ user: z.string(), assistant: z.string() })) });

/**
 * Generates new examples of a seed dataset's task with a teacher model, validates each (a
 * reply, JSON schema when given), drops near-duplicates of the seed and of each other, records
 * the teacher and prompt in each row's metadata, and stores the result as a new dataset
 * version (cleaned and split like any other).
 */
export async function synthesizeDataset(flywheel: Flywheel, options: SynthesizeOptions): Promise<SavedDatasetVersion & { synthesis: SynthesisReport }> {
  const seedVersion = await resolveDatasetVersion(flywheel.store, options.from);
  const seeds = (await readDatasetRows(flywheel.store, seedVersion)).filter((row) => row.messages.at(-1)?.role === "assistant" && row.messages.some((message) => message.role === "user"));
  if (seeds.length === 0) throw new UsageError(`${options.from} has no examples with a user message and a reply`, "pick a seed dataset of chat examples");
  const validateReply = options.schema === undefined ? undefined : compileReplySchema(options.schema);
  const perCall = options.perCall ?? 5;
  const shots = Math.min(options.shots ?? 4, seeds.length);
  const threshold = options.duplicateThreshold ?? 0.8;
  const maxCalls = options.maxCalls ?? Math.ceil((4 * options.count) / perCall);
  const system = seeds[0]!.messages.find((message) => message.role === "system")?.content;
  const hasher = new MinHasher();
  const seedSignatures = seeds.map((row) => hasher.signature(exampleText(row)));
  const keptSignatures: Uint32Array[] = [];
  const seen = new Set(seeds.map(rowKey));
  const report: SynthesisReport = { teacher: options.teacher, calls: 0, generated: 0, kept: 0, rejected: { invalid: 0, schema: 0, duplicateOfSeed: 0, duplicate: 0 }, examples: [] };
  const rows: DatasetRow[] = [];
  const promptHash = createHash("sha256").update(INSTRUCTIONS).digest("hex").slice(0, 12);
  let state = options.seed ?? 42;
  const pick = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const reject = (kind: keyof SynthesisReport["rejected"], reason: string) => {
    report.rejected[kind] += 1;
    if (report.examples.length < 5) report.examples.push(reason);
  };
  const aborted = () => options.signal?.aborted === true;
  while (rows.length < options.count && report.calls < maxCalls) {
    if (aborted()) break;
    const chosen = [...seeds].sort(() => pick() - 0.5).slice(0, shots);
    const prompt = [
      `Here are ${chosen.length} examples of the task${system === undefined ? "" : ` (the assistant follows this instruction: ${JSON.stringify(system)})`}:`,
      ...chosen.map((row, index) => `Example ${index + 1}:\nuser: ${JSON.stringify(row.messages.filter((m) => m.role === "user").at(-1)!.content)}\nassistant: ${JSON.stringify(row.messages.at(-1)!.content)}`),
      `Write ${perCall} new examples as {"examples": [{"user": ..., "assistant": ...}]}.`,
    ].join("\n\n");
    report.calls += 1;
    let examples: z.infer<typeof batchSchema>["examples"];
    try {
      const result = await generateText({
        model: flywheel.model(options.teacher),
        instructions: INSTRUCTIONS,
        prompt,
        output: Output.object({ schema: batchSchema }),
        temperature: 0.9,
        maxRetries: 0,
        ...(options.signal === undefined ? {} : { abortSignal: options.signal }),
      });
      examples = result.output.examples;
    } catch (error) {
      if (aborted()) break;
      reject("invalid", `call ${report.calls}: the teacher's answer was not the JSON asked for (${error instanceof Error ? error.message.split("\n")[0]!.slice(0, 80) : "error"})`);
      continue;
    }
    for (const example of examples) {
      report.generated += 1;
      const user = example.user.trim();
      const assistant = example.assistant.trim();
      if (user === "" || assistant === "") {
        reject("invalid", "an example with an empty message");
        continue;
      }
      const problem = validateReply?.(assistant);
      if (problem !== undefined) {
        reject("schema", `${JSON.stringify(user.slice(0, 40))}: ${problem}`);
        continue;
      }
      const row: DatasetRow = {
        messages: [...(system === undefined ? [] : [{ role: "system" as const, content: system }]), { role: "user", content: user }, { role: "assistant", content: assistant }],
        metadata: { source: "synth", teacher: options.teacher, prompt: { instructions: INSTRUCTIONS, hash: promptHash, shots: chosen.map(rowKey) }, seedDataset: `${seedVersion.dataset}@${seedVersion.version}` },
      };
      const key = rowKey(row);
      const signature = hasher.signature(exampleText(row));
      if (seen.has(key) || seedSignatures.some((seedSignature) => signatureSimilarity(signature, seedSignature) >= threshold)) {
        reject("duplicateOfSeed", `${JSON.stringify(user.slice(0, 40))} repeats a seed example`);
        continue;
      }
      if (keptSignatures.some((kept) => signatureSimilarity(signature, kept) >= threshold)) {
        reject("duplicate", `${JSON.stringify(user.slice(0, 40))} repeats a new example`);
        continue;
      }
      seen.add(key);
      keptSignatures.push(signature);
      rows.push(row);
      if (rows.length >= options.count) break;
    }
    report.kept = rows.length;
    options.onProgress?.({ calls: report.calls, kept: rows.length, rejected: report.generated - rows.length });
  }
  report.kept = rows.length;
  const saved = await saveDatasetVersion(flywheel, {
    name: options.name,
    rows: options.includeSeed === true ? [...seeds.map((row) => ({ messages: row.messages, ...(row.tools === undefined ? {} : { tools: row.tools }), ...(row.metadata === undefined ? {} : { metadata: row.metadata }) })), ...rows] : rows,
    source: { kind: "synth", from: `${seedVersion.dataset}@${seedVersion.version}`, teacher: options.teacher, count: options.count, ...(options.schema === undefined ? {} : { schema: true }) },
    sourceReport: { ...report },
    ...(options.clean === undefined ? {} : { clean: options.clean }),
    ...(options.split === undefined ? {} : { split: options.split }),
  });
  return { ...saved, synthesis: report };
}
