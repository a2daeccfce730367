import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { containsFact } from "../bench/local-tasks/contains-fact.js";
import { corpusFolder, loadQuestions, loadToolTasks } from "../bench/local-tasks/fixtures.js";

describe("local-tasks bench fixtures", () => {
  it("has at least 30 tool tasks with distinct ids, an expected value each, and expected tools the task offers", () => {
    const tasks = loadToolTasks();
    expect(tasks.length).toBeGreaterThanOrEqual(30);
    expect(new Set(tasks.map((task) => task.id)).size).toBe(tasks.length);
    for (const task of tasks) {
      expect(task.expected.every((value) => value.trim() !== ""), task.id).toBe(true);
      expect(task.expectedTools.filter((name) => !task.tools.includes(name)), task.id).toEqual([]);
      // A file task's files must be reachable from the folder the tools are given.
      for (const file of Object.keys(task.files ?? {})) expect(path.isAbsolute(file) || file.split("/").includes(".."), `${task.id}: ${file}`).toBe(false);
    }
    expect(tasks.some((task) => task.expectedTools.length === 0)).toBe(true);
    expect(tasks.some((task) => task.expectedTools.length >= 2)).toBe(true);
  });

  it("has a corpus of 10-20 markdown files and at least 30 questions whose fact stands in their source file and in no other", () => {
    const files = readdirSync(corpusFolder);
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files.length).toBeLessThanOrEqual(20);
    const texts = new Map(files.map((file) => [file, readFileSync(path.join(corpusFolder, file), "utf8")]));
    const questions = loadQuestions();
    expect(questions.length).toBeGreaterThanOrEqual(30);
    for (const { question, fact, source } of questions) {
      expect(existsSync(path.join(corpusFolder, source)), `${source} of "${question}"`).toBe(true);
      const holders = files.filter((file) => containsFact(texts.get(file)!, fact));
      expect(holders, `files stating "${fact}" (${question})`).toEqual([source]);
    }
  });
});

describe("containsFact", () => {
  it("finds a fact as a whole word or number, ignoring case and thousands separators", () => {
    expect(containsFact("It costs 3890 euros.", "3,890")).toBe(true);
    expect(containsFact("It costs 3,890 euros.", "3890")).toBe(true);
    expect(containsFact("The peak is 42.", "42")).toBe(true);
    expect(containsFact("Founded by ILSE VARGA", "Ilse Varga")).toBe(true);
    expect(containsFact("The K2 is new", "2")).toBe(false);
    expect(containsFact("firmware 4.3", "4")).toBe(false);
    expect(containsFact("error E14", "14")).toBe(false);
    expect(containsFact("a solid lid", "lid")).toBe(true);
    expect(containsFact("solid", "lid")).toBe(false);
  });
});
