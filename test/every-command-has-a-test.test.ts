import { describe, expect, it } from "vitest";
import { commandsRunByTests } from "./support/cli-invocations.js";
import { commandTree } from "./support/command-tree.js";
import { testSources } from "./support/test-sources.js";

describe("the CLI's test coverage", () => {
  it("runs every command that does something in some test, spawned as a user runs it", () => {
    const tree = commandTree();
    // Every leaf has an action: a check that the tree is read right, so the list below is not empty by mistake.
    expect(tree.filter((entry) => entry.command.commands.length === 0 && !entry.runnable).map((entry) => entry.names.join(" "))).toEqual([]);
    // This file's own examples below are not tests of the commands.
    const runs = commandsRunByTests(tree, testSources().filter((source) => !import.meta.filename.endsWith(source.file)));
    const untested = tree.filter((entry) => entry.runnable && !runs.has(entry.names.join(" "))).map((entry) => `flywheel ${entry.names.join(" ")}`);
    expect(untested, "commands no test runs (spawn them with runCli from test/support/run-cli.ts)").toEqual([]);
  });

  it("finds the argv of a test in its source, down to the subcommand, and skips --help", () => {
    const tree = commandTree();
    const source = (text: string) => [{ file: "example.test.ts", text: `import { runCli } from "./support/run-cli.js";\n${text}` }];
    expect([...commandsRunByTests(tree, source('await runCli(["models", "pull", file, "--json"], options);')).keys()]).toEqual(["models pull"]);
    expect([...commandsRunByTests(tree, source('const start = ["eval", "-c", "suite.yaml"];')).keys()]).toEqual(["eval"]);
    expect([...commandsRunByTests(tree, source('runCli(["--debug", "collections", "list"], o);')).keys()]).toEqual(["collections list"]);
    expect([...commandsRunByTests(tree, source('runCli(["models", "pull", "--help"], o); const roles = ["user", "assistant"];')).keys()]).toEqual([]);
    expect([...commandsRunByTests(tree, [{ file: "unit.test.ts", text: 'const words = ["search", "run"];' }]).keys()]).toEqual([]);
  });
});
