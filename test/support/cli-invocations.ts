import type { CommandPath } from "./command-tree.js";
import type { TestSource } from "./test-sources.js";

/** A run of string literals opening an array literal: `["models", "pull", file, ...]` gives `"models", "pull"`. */
const leadingStrings = /\[\s*((?:"[^"\\\n]*"|'[^'\\\n]*')(?:\s*,\s*(?:"[^"\\\n]*"|'[^'\\\n]*'))*)/g;
const stringLiteral = /"([^"\\\n]*)"|'([^'\\\n]*)'/g;

/**
 * The command paths (`"models pull"`) that tests run, found by reading the test sources, so the
 * answer does not depend on which tests ran or in what order: in each test file that imports
 * `support/run-cli` (or its terminal variant), every array literal whose leading string
 * elements start with a command name is an argv, resolved down the tree as Commander would
 * (global options first, then subcommand names). An argv asking for `--help` runs nothing.
 * Maps each path to the files that run it.
 */
export function commandsRunByTests(tree: CommandPath[], sources: TestSource[]): Map<string, string[]> {
  const root = tree.find((entry) => entry.names.length === 0)!.command;
  const runs = new Map<string, string[]>();
  for (const { file, text } of sources) {
    if (!/support\/run-cli(-in-terminal)?\.js/.test(text)) continue;
    for (const match of text.matchAll(leadingStrings)) {
      const argv = [...match[1]!.matchAll(stringLiteral)].map((literal) => literal[1] ?? literal[2]!);
      if (argv.includes("--help") || argv.includes("-h")) continue;
      let index = 0;
      while (argv[index] === "--debug" || argv[index] === "-c" || argv[index] === "--config") index += argv[index] === "--debug" ? 1 : 2;
      const names: string[] = [];
      let command = root;
      for (; index < argv.length; index += 1) {
        const sub = command.commands.find((candidate) => candidate.name() === argv[index]);
        if (sub === undefined) break;
        names.push(sub.name());
        command = sub;
      }
      if (names.length === 0) continue;
      const key = names.join(" ");
      runs.set(key, [...new Set([...(runs.get(key) ?? []), file])]);
    }
  }
  return runs;
}
