import { fileURLToPath } from "node:url";
import { renderTerminalReport, runEvalSuite } from "../../evals/index.js";
import { runPrompt } from "../../prompts/index.js";
import { askSampleCorpus, sampleQuestion } from "../../rag/index.js";
import type { CommandContext } from "../command-context.js";
import type { QuickstartOptions } from "../commands/quickstart.js";
import { renderTraceTree } from "../output/trace-tree.js";
import { colors } from "../output/terminal.js";
import { printSources } from "./ask.js";

const EXAMPLE_SUITE = fileURLToPath(new URL("../../../examples/quickstart-eval/flywheel.eval.yaml", import.meta.url));

const SAMPLE_QUESTION = "In two sentences: why should an engineer measure a prompt change with an eval before shipping it?";

/** Streams a local answer to a sample question, prints its trace, runs the example eval suite, and answers from its own docs with citations. */
export async function quickstart(context: CommandContext, options: QuickstartOptions): Promise<void> {
  const { terminal } = context;
  const flywheel = await context.flywheel();
  const model = options.model ?? flywheel.config.defaultModel;
  terminal.line(colors.bold("1. A prompt, answered by an embedded model (no API key)"));
  terminal.line(colors.dim(`model: ${model}`));
  terminal.line(`${colors.cyan("question:")} ${SAMPLE_QUESTION}`);
  // The label waits for the first token: a model pulled on first use shows its progress above it.
  let started = false;
  const result = await runPrompt(flywheel, {
    model,
    prompt: SAMPLE_QUESTION,
    maxTokens: 96,
    temperature: 0,
    seed: 7,
    abortSignal: context.signal,
    onText: (delta) => {
      if (!started) terminal.out(`${colors.cyan("answer:")} `);
      started = true;
      terminal.out(delta);
    },
  });
  if (!started) terminal.out(`${colors.cyan("answer:")} `);
  terminal.line();
  await flywheel.tracing.flush();
  terminal.line();
  terminal.line(colors.bold("2. Its trace, as `flywheel traces show` prints it"));
  const detail = await flywheel.store.traces.getTrace(result.traceId);
  if (detail !== undefined) terminal.line(renderTraceTree(detail));
  terminal.line();
  terminal.line(colors.bold("3. An eval: two prompts side by side, with honest statistics"));
  terminal.line(colors.dim(`suite: ${EXAMPLE_SUITE}`));
  const evaluation = await runEvalSuite(flywheel, { file: EXAMPLE_SUITE, signal: context.signal });
  // A short matrix and failure list: the statistics are the point here.
  terminal.line(renderTerminalReport(evaluation.run, { color: terminal.interactive ? undefined : false, maxRows: 8, maxFailures: 3 }));
  terminal.line();
  terminal.line(colors.bold("4. Retrieval: Flywheel's README and retrieval guide ingested, a question answered with citations"));
  terminal.line(`${colors.cyan("question:")} ${sampleQuestion}`);
  // Printed whole once checked: citation numbers that name no source are removed first.
  const { ingest, answer } = await askSampleCorpus(flywheel, { model, signal: context.signal });
  for (const warning of answer.warnings) terminal.warn(warning);
  terminal.line(`${colors.cyan("answer:")} ${answer.answer}`);
  printSources(terminal, answer);
  terminal.line(colors.dim(`collection flywheel-sample: ${ingest.added} document(s) added, ${ingest.unchanged} unchanged, ${ingest.chunks} chunks embedded this run`));
  terminal.line();
  terminal.line(colors.dim("next: `flywheel run \"...\" --model openai:gpt-4o-mini`, `flywheel chat`, `flywheel traces list`, `flywheel eval -c promptfooconfig.yaml`, `flywheel ingest ./docs --collection docs`, `flywheel ui`"));
}

