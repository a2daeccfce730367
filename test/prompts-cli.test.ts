import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePromptFile } from "../src/prompts/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;
const v1Text = "---\nmodel: openai:gpt-4o-mini\n---\nAnswer the customer: {{input}}\n";
const v2Text = "---\nmodel: openai:gpt-4o-mini\n---\nAnswer the customer briefly and kindly: {{input}}\n";
const v1 = parsePromptFile(v1Text).hash;
const v2 = parsePromptFile(v2Text).hash;

useProtocolServer((started) => (server = started));

const cli = (args: string[]) => runCli(args, { cwd, env });
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd });

beforeAll(async () => {
  cwd = temporaryFolder("flywheel-prompts-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "prompts-test-key-12345", FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };
  mkdirSync(path.join(cwd, "prompts"));
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "prompts:\n  checks:\n    support:\n      - type: icontains\n        value: you said\n        name: echoes\n");
  writeFileSync(path.join(cwd, "prompts", "support.prompt.md"), v1Text);
  git("init", "-q");
  git("add", "prompts/support.prompt.md");
  git("commit", "-q", "-m", "First support prompt");
  const runs: string[] = [];
  for (const input of ["where is my parcel", "refund please"]) {
    const ran = await cli(["run", "--prompt", "prompts/support.prompt.md", "--json", input]);
    expect(ran.code, ran.stderr).toBe(0);
    runs.push((JSON.parse(ran.stdout) as { traceId: string }).traceId);
  }
  expect((await cli(["feedback", runs[0]!, "--score", "0.5"])).code).toBe(0);
  writeFileSync(path.join(cwd, "prompts", "support.prompt.md"), v2Text);
  git("commit", "-q", "-am", "Be brief and kind");
  const third = await cli(["run", "--prompt", "prompts/support.prompt.md", "--json", "hello"]);
  expect((await cli(["feedback", (JSON.parse(third.stdout) as { traceId: string }).traceId, "--label", "good"])).code).toBe(0);
}, 120_000);

describe("flywheel prompts", () => {
  it("lists each prompt with its versions and calls", async () => {
    const listed = await cli(["prompts", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`support\\s+2\\s+${v2.slice(0, 8)}\\s+3\\s`));
    const json = JSON.parse((await cli(["prompts", "list", "--json"])).stdout) as { name: string; versions: { hash: string; live: { calls: number } }[] }[];
    expect(json[0]!.versions.map((version) => [version.hash, version.live.calls])).toEqual([
      [v1, 2],
      [v2, 1],
    ]);
  });

  it("shows the file's version with every version's live metrics, feedback and check pass rates", async () => {
    const shown = await cli(["prompts", "show", "support"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`support@${v2.slice(0, 8)} · the file's version`);
    expect(shown.stdout).toContain("Answer the customer briefly and kindly");
    expect(shown.stdout).toMatch(new RegExp(`${v1.slice(0, 8)}\\s+2\\s.*0\\.0%\\s+0\\.50 \\(1\\)`));
    expect(shown.stdout).toMatch(new RegExp(`${v2.slice(0, 8)} \\*\\s+1\\s.*1\\.00 \\(1\\)`));
    expect(shown.stdout).toContain(`${v1.slice(0, 8)} echoes: 100.0% of 2`);
    const old = await cli(["prompts", "show", `support@${v1.slice(0, 6)}`, "--json"]);
    const parsed = JSON.parse(old.stdout) as { hash: string; source: string; version: { live: { calls: number; checks: Record<string, { passed: number }> } } };
    expect(parsed).toMatchObject({ hash: v1, version: { live: { calls: 2, checks: { echoes: { passed: 2 } } } } });
    expect(parsed.source).toContain("Answer the customer: {{input}}");
  });

  it("lists the history from the store and from git, and diffs two versions word by word", async () => {
    const history = await cli(["prompts", "history", "support"]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(new RegExp(`${v1.slice(0, 8)}\\s+\\S+ \\S+\\s+2\\s+[0-9a-f]{7} \\S+ First support prompt`));
    expect(history.stdout).toMatch(new RegExp(`${v2.slice(0, 8)} \\*.*Be brief and kind`));
    const diff = await cli(["prompts", "diff", `support@${v1.slice(0, 8)}`, `@${v2.slice(0, 8)}`]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("Answer the customer {+briefly and kindly+}: {{input}}");
    expect((await cli(["prompts", "diff", `support@${v1.slice(0, 8)}`])).stdout).toContain("{+briefly and kindly+}");
  });

  it("refuses an unknown prompt or version with one line and a hint", async () => {
    const unknown = await cli(["prompts", "show", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: unknown prompt "nope": no nope\.prompt\.md in prompts\/\nhint: /);
    const badHash = await cli(["prompts", "show", "support@ffff"]);
    expect(badHash.code).toBe(1);
    expect(badHash.stderr).toContain('error: unknown prompt "support@ffff"');
    expect(badHash.stderr).toContain("hint: list the versions seen with `flywheel prompts history support`");
    const notHex = await cli(["prompts", "diff", "support@xyz"]);
    expect(notHex.stderr).toContain("the version after @ is not a hash");
  });
});
