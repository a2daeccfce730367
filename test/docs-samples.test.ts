import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cachedHome } from "./support/fake-training-home.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// The README and docs/ show the library "in code". Every sample must keep compiling against
// the built package, every name it imports must be exported, and the samples that need no
// network beyond the in-repo protocol server run as written.

const repository = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const typecheckOnly = "<!-- docs-sample: typecheck only";

interface Sample {
  /** `docs/rag.md#1`. */
  name: string;
  code: string;
  run: boolean;
}

function samples(): Sample[] {
  const files = ["README.md", ...readdirSync(path.join(repository, "docs")).filter((file) => file.endsWith(".md")).map((file) => `docs/${file}`)];
  const found: Sample[] = [];
  for (const file of files) {
    const text = readFileSync(path.join(repository, file), "utf8");
    let index = 0;
    for (const match of text.matchAll(/(<!--[^\n]*-->\n)?```ts\n([\s\S]*?)```/g)) {
      index += 1;
      found.push({ name: `${file}#${index}`, code: match[2]!, run: !(match[1] ?? "").startsWith(typecheckOnly) });
    }
  }
  return found;
}

/** The values a sample imports from "flywheel" (types are left to the compile step). */
function importedValues(code: string): string[] {
  const names: string[] = [];
  for (const match of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"flywheel"/g)) {
    for (const part of match[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/)[0]!;
      if (name !== "" && !name.startsWith("type ")) names.push(name);
    }
  }
  return names;
}

function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Writes the samples inside the package, where `import "flywheel"` resolves to the built package by its own name. */
function writeSamples(all: Sample[]): string {
  const folder = path.join(repository, "test-results", "docs-samples");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  all.forEach((sample, index) => writeFileSync(path.join(folder, `sample-${index + 1}.ts`), `// ${sample.name}\n${sample.code}`));
  writeFileSync(
    path.join(folder, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2023", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] }, include: ["*.ts"] }),
  );
  return folder;
}

/** Files the samples read, in the folder they run in. */
function writeFixtures(folder: string): void {
  // Two real pages are enough to ingest, search and ask over, and quick to embed.
  mkdirSync(path.join(folder, "docs"));
  for (const page of ["cli.md", "traces.md"]) cpSync(path.join(repository, "docs", page), path.join(folder, "docs", page));
  writeFileSync(
    path.join(folder, "flywheel.eval.yaml"),
    ["prompts:", '  - "Say {{word}}"', "providers:", "  - openai:gpt-4o-mini", "tests:", "  - vars: { word: hello }", "    assert: [{ type: javascript, value: output.length > 0 }]", "  - vars: { word: there }", "    assert: [{ type: javascript, value: output.length > 0 }]", ""].join("\n"),
  );
  const chats = Array.from({ length: 12 }, (_, index) =>
    JSON.stringify({ messages: [{ role: "user", content: `Question number ${index}: how do I reset password ${index * 7}?` }, { role: "assistant", content: `Open settings, then account ${index}.` }] }),
  );
  writeFileSync(path.join(folder, "chats.jsonl"), `${chats.join("\n")}\nnot json\n`);
}

describe("code samples in the README and docs/", () => {
  let server: ProtocolServer;
  useProtocolServer((started) => (server = started));
  const all = samples();

  it("finds the samples, and every name they import is exported by the built package", async () => {
    expect(all.length).toBeGreaterThanOrEqual(6);
    const wanted = [...new Set(all.flatMap((sample) => importedValues(sample.code)))];
    expect(wanted).toEqual(expect.arrayContaining(["createFlywheel", "runEvalSuite", "ingest", "runAgent", "startFineTune", "createStoreJobQueue", "improve"]));
    const folder = path.join(repository, "test-results");
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "list-exports.mjs"), 'import * as flywheel from "flywheel";\nconsole.log(JSON.stringify(Object.keys(flywheel)));\n');
    const listed = await run(process.execPath, ["list-exports.mjs"], { cwd: folder });
    expect(listed.code, listed.output).toBe(0);
    const exported = new Set(JSON.parse(listed.output) as string[]);
    expect(wanted.filter((name) => !exported.has(name))).toEqual([]);
  });

  it("compile against the built package's types", async () => {
    const folder = writeSamples(all);
    const compiled = await run(process.execPath, [path.join(repository, "node_modules", "typescript", "bin", "tsc"), "-p", folder], { cwd: repository });
    expect(compiled.output).toBe("");
    expect(compiled.code).toBe(0);
  }, 120_000);

  it("run as written, offline: embedded models and the protocol server for hosted ids", async () => {
    const folder = writeSamples(all);
    const cwd = temporaryFolder("flywheel-docs-samples-");
    writeFixtures(cwd);
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001", FLYWHEEL_HOME: cachedHome(), NO_COLOR: "1" };
    const ran: string[] = [];
    for (const [index, sample] of all.entries()) {
      if (!sample.run) continue;
      const result = await run(process.execPath, [path.join(folder, `sample-${index + 1}.ts`)], { cwd, env });
      expect(result.code, `${sample.name}:\n${result.output}`).toBe(0);
      ran.push(sample.name);
    }
    expect(ran.length).toBeGreaterThanOrEqual(6);
    expect(readFileSync(path.join(cwd, "report.html"), "utf8")).toContain("<html");
    expect(readFileSync(path.join(cwd, "train.jsonl"), "utf8").split("\n").filter(Boolean).length).toBeGreaterThan(0);
  }, 300_000);
});
