// The written-for-the-bench fixtures of `local-tasks`: tool tasks, and questions over a corpus
// about a fictional product (so no model knows the answers from training).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { builtInToolNames } from "../../src/agents/index.js";

/** The folder holding the fixtures. */
export const fixturesFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "local-tasks");

/** The markdown files the cited-answer questions are asked over. */
export const corpusFolder = path.join(fixturesFolder, "corpus");

const toolTaskSchema = z.object({
  /** Stable name of the task, for the results. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** What the agent is asked. */
  objective: z.string().min(1),
  /** Built-in tools the agent is given. */
  tools: z.array(z.enum(builtInToolNames)),
  /** Accepted answers: the final answer must state at least one (`containsFact`). */
  expected: z.array(z.string().min(1)).min(1),
  /** Tools that must each be called at least once; empty: no tool may be called. */
  expectedTools: z.array(z.enum(builtInToolNames)),
  /** Files (relative path → content) written into the folder the file tools may read. */
  files: z.record(z.string(), z.string()).optional(),
});

const questionSchema = z.object({
  question: z.string().min(1),
  /** What a right answer must state (`containsFact`). */
  fact: z.string().min(1),
  /** The corpus file that holds the fact (and the only one). */
  source: z.string().regex(/\.md$/),
});

/** A tool task: an objective, the tools offered, the answer and the tool calls expected. */
export type ToolTask = z.infer<typeof toolTaskSchema>;

/** A question over the corpus with the fact a right answer states and the file that holds it. */
export type CorpusQuestion = z.infer<typeof questionSchema>;

/** Reads and checks tool-tasks.json. */
export function loadToolTasks(): ToolTask[] {
  return z.array(toolTaskSchema).parse(JSON.parse(readFileSync(path.join(fixturesFolder, "tool-tasks.json"), "utf8")));
}

/** Reads and checks questions.json. */
export function loadQuestions(): CorpusQuestion[] {
  return z.array(questionSchema).parse(JSON.parse(readFileSync(path.join(fixturesFolder, "questions.json"), "utf8")));
}
