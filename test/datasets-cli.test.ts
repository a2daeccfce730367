import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { runCli } from "./support/run-cli.js";

let folder: string;
const env = () => ({ FLYWHEEL_HOME: path.join(folder, "home"), NO_COLOR: "1" });

beforeAll(() => {
  folder = temporaryFolder();
  const lines = ["question,answer"];
  for (let index = 0; index < 20; index += 1) lines.push(`"What is ${index} plus ${index * 3} in words, number ${index}?",answer ${index * 4}`);
  lines.push("broken,row,with,too,many,columns");
  writeFileSync(path.join(folder, "qa.csv"), `${lines.join("\n")}\n`);
});

describe("flywheel datasets", () => {
  it("imports a CSV, warning about the bad row by line number; --strict refuses it with a hint", async () => {
    const strict = await runCli(["datasets", "import", "qa", "qa.csv", "--strict"], { cwd: folder, env: env() });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/warning: qa\.csv:22: wrong number of columns[^\n]*\n/);
    expect(strict.stderr).not.toContain("(skipped)");
    expect(strict.stderr).toMatch(/error: qa\.csv: 1 bad row \(line 22: wrong number of columns/);
    expect(strict.stderr).toMatch(/hint: fix the rows listed/);
    const result = await runCli(["datasets", "import", "qa", "qa.csv", "--split", "0.7,0.15,0.15"], { cwd: folder, env: env() });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: qa\.csv:22: wrong number of columns.* \(skipped\)/);
    expect(result.stdout).toMatch(/qa@1: 20 rows \(train 14, validation 3, test 3\)/);
    expect(result.stdout).toMatch(/exact-dedupe\s+removed 0/);
  });

  it("reports each bad line before a later failure (too few rows left to split)", async () => {
    const good = (question: string) => JSON.stringify({ messages: [{ role: "user", content: question }, { role: "assistant", content: "ok" }] });
    writeFileSync(path.join(folder, "bad.jsonl"), [good("first?"), "{not json", JSON.stringify({ messages: "nope" }), good("second?")].join("\n") + "\n");
    const result = await runCli(["datasets", "import", "small", "bad.jsonl"], { cwd: folder, env: env() });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^warning: bad\.jsonl:2: .+ \(skipped\)$/);
    expect(lines[1]).toMatch(/^warning: bad\.jsonl:3: messages: .+ \(skipped\)$/);
    expect(lines[2]).toBe("error: the dataset has 2 rows in 2 independent groups, too few for 3 splits");
  });

  it("lists, shows with split sizes, exports and diffs", async () => {
    const list = await runCli(["datasets", "list"], { cwd: folder, env: env() });
    expect(list.stdout).toMatch(/qa\s+1\s+20\s+14\s+3\s+3\s+import/);
    const show = await runCli(["datasets", "show", "qa@1", "--rows", "2", "--split", "test"], { cwd: folder, env: env() });
    expect(show.stdout).toMatch(/train 14, validation 3, test 3/);
    expect(show.stdout.match(/\[test\]/g)).toHaveLength(2);
    const out = path.join(folder, "qa-sharegpt.jsonl");
    const exported = await runCli(["datasets", "export", "qa", "--format", "sharegpt", "--out", out], { cwd: folder, env: env() });
    expect(exported.code).toBe(0);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(20);
    const diff = await runCli(["datasets", "diff", "qa@1", "@1"], { cwd: folder, env: env() });
    expect(diff.stdout).toMatch(/\+0 added, -0 removed, 0 moved between splits, 20 unchanged/);
  });

  it("names a missing dataset and an unknown format in one line with a hint", async () => {
    const missing = await runCli(["datasets", "show", "nope@3"], { cwd: folder, env: env() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: no dataset "nope@3"\nhint: list datasets with `flywheel datasets list`\n');
    const format = await runCli(["datasets", "export", "qa", "--format", "xml", "--out", "x"], { cwd: folder, env: env() });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown export format "xml"/);
  });
});
