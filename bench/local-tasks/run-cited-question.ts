import path from "node:path";
import { ask } from "../../src/rag/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { containsFact } from "./contains-fact.js";
import type { CorpusQuestion } from "./fixtures.js";

/** What one cited-answer question did, for the results file. */
export interface CitedQuestionOutcome {
  question: string;
  passed: boolean;
  /** The answer (citation markers left out) states the fact. */
  factOk: boolean;
  /** At least one cited passage comes from the file that holds the fact. */
  rightSourceCited: boolean;
  /** Cited files that do not hold the fact. */
  wrongSourcesCited: string[];
  answer: string;
  /** The cited passages' files, in order of first citation. */
  citedSources: string[];
  /** The files of every passage given to the model, in rank order. */
  retrievedSources: string[];
  seconds: number;
  /** Set when `ask` threw; the question then counts as failed. */
  error?: string;
}

/** Options for `runCitedQuestion`. */
export interface RunCitedQuestionOptions {
  model: string;
  collection: string;
  question: CorpusQuestion;
  /** Each corpus file's text by file name, to tell whether a cited file holds the fact. */
  corpus: ReadonlyMap<string, string>;
}

/**
 * Asks one question with the real `ask` (config defaults for retrieval and prompt, temperature
 * 0). Passes when the answer states the fact, cites the file that holds it, and cites no file
 * that does not. A call that throws fails with its error recorded.
 */
export async function runCitedQuestion(flywheel: Flywheel, options: RunCitedQuestionOptions): Promise<CitedQuestionOutcome> {
  const { question } = options;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const result = await ask(flywheel, { collection: options.collection, question: question.question, model: options.model, temperature: 0 });
    const fileOf = (source: string) => path.basename(source);
    const citedSources = [...new Set(result.cited.map((number) => fileOf(result.citations[number - 1]!.source)))];
    const wrongSourcesCited = citedSources.filter((file) => !containsFact(options.corpus.get(file) ?? "", question.fact));
    const rightSourceCited = citedSources.includes(question.source);
    // `[2]` is a citation, not the number 2.
    const factOk = containsFact(result.answer.replace(/\[\d+(?:\s*[,;]\s*\d+)*\]/g, " "), question.fact);
    return {
      question: question.question,
      passed: factOk && rightSourceCited && wrongSourcesCited.length === 0,
      factOk,
      rightSourceCited,
      wrongSourcesCited,
      answer: result.answer,
      citedSources,
      retrievedSources: result.citations.map((citation) => fileOf(citation.source)),
      seconds: seconds(),
    };
  } catch (error) {
    return {
      question: question.question,
      passed: false,
      factOk: false,
      rightSourceCited: false,
      wrongSourcesCited: [],
      answer: "",
      citedSources: [],
      retrievedSources: [],
      seconds: seconds(),
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
