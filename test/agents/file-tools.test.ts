import { execFileSync, spawn } from "node:child_process";
import { constants, mkdirSync, openSync, closeSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFilesTool, readFileTool } from "../../src/agents/index.js";
import { temporaryFolder } from "../support/flywheel-fixture.js";

// A layout with a secret next to the allowed folder whose name shares its prefix (`/data` vs `/data-secret`),
// and symlinks inside the allowed folder that point in and out of it.
let base: string;
let root: string;
const context = { signal: new AbortController().signal, toolCallId: "call_1" };

beforeAll(() => {
  base = temporaryFolder("flywheel-files-");
  root = path.join(base, "data");
  mkdirSync(path.join(root, "docs"), { recursive: true });
  mkdirSync(path.join(base, "data-secret"));
  writeFileSync(path.join(root, "docs", "notes.txt"), "the launch code word is heliotrope\n");
  writeFileSync(path.join(root, "big.txt"), "x".repeat(5000));
  writeFileSync(path.join(root, "blob.bin"), Buffer.from([0, 1, 2, 3]));
  writeFileSync(path.join(base, "data-secret", "key.txt"), "SECRET-KEY\n");
  writeFileSync(path.join(base, "outside.txt"), "outside\n");
  symlinkSync(path.join(base, "data-secret"), path.join(root, "escape-dir"));
  symlinkSync(path.join(base, "outside.txt"), path.join(root, "escape-file.txt"));
  symlinkSync(path.join(root, "docs", "notes.txt"), path.join(root, "inside-link.txt"));
  symlinkSync("/etc/passwd", path.join(root, "passwd"));
});

describe("read_file", () => {
  it("reads a file inside the root, and follows a symlink that stays inside", async () => {
    const tool = readFileTool({ root });
    expect(await tool.execute({ path: "docs/notes.txt" }, context)).toBe("the launch code word is heliotrope\n");
    expect(await tool.execute({ path: "./docs/../docs/notes.txt" }, context)).toBe("the launch code word is heliotrope\n");
    expect(await tool.execute({ path: "inside-link.txt" }, context)).toBe("the launch code word is heliotrope\n");
  });

  it.each([
    ["../data-secret/key.txt"],
    ["../outside.txt"],
    ["docs/../../outside.txt"],
    ["escape-dir/key.txt"],
    ["escape-file.txt"],
    ["passwd"],
    ["/etc/passwd"],
    ["..\\data-secret\\key.txt/../../../data-secret/key.txt"],
    ["docs/notes.txt\0../../outside.txt"],
  ])("refuses %j: outside the root", async (requested) => {
    const tool = readFileTool({ root });
    await expect(tool.execute({ path: requested }, context)).rejects.toMatchObject({ code: expect.stringMatching(/^(path-outside-root|file-not-found)$/) });
    await expect(tool.execute({ path: requested }, context)).rejects.not.toMatchObject({ message: expect.stringContaining("SECRET") });
  });

  it("refuses the sibling folder whose name starts like the root (/data vs /data-secret)", async () => {
    const tool = readFileTool({ root });
    await expect(tool.execute({ path: path.join(base, "data-secret", "key.txt") }, context)).rejects.toMatchObject({ code: "path-outside-root" });
  });

  it("cuts big files and refuses binary ones", async () => {
    const tool = readFileTool({ root, maxBytes: 1000 });
    const text = (await tool.execute({ path: "big.txt" }, context)) as string;
    expect(text).toBe(`${"x".repeat(1000)}\n[file cut at 1000 of 5000 bytes]`);
    await expect(tool.execute({ path: "blob.bin" }, context)).rejects.toMatchObject({ code: "binary-file" });
    await expect(tool.execute({ path: "docs" }, context)).rejects.toMatchObject({ code: "not-a-file" });
  });
});

describe("read_file and list_files against a folder swapped for a symlink while they run", () => {
  // A second process flips race/ between a real folder inside the root and a symlink to a folder outside it.
  const swapper = `
    const fs = require("node:fs");
    const [folder, held, outside] = process.argv.slice(1);
    for (;;) {
      try {
        fs.renameSync(folder, held);
        fs.symlinkSync(outside, folder);
        for (let spin = 0; spin < 20000; spin++);
        fs.unlinkSync(folder);
        fs.renameSync(held, folder);
        for (let spin = 0; spin < 20000; spin++);
      } catch {}
    }`;
  let stop: () => void;
  let raceRoot: string;
  beforeAll(() => {
    raceRoot = path.join(base, "race-root");
    mkdirSync(path.join(raceRoot, "race"), { recursive: true });
    writeFileSync(path.join(raceRoot, "race", "file.txt"), "inside\n");
    mkdirSync(path.join(base, "race-outside"));
    writeFileSync(path.join(base, "race-outside", "file.txt"), "OUTSIDE-SECRET\n");
    writeFileSync(path.join(base, "race-outside", "outside-only.txt"), "OUTSIDE-SECRET\n");
    const child = spawn(process.execPath, ["-e", swapper, path.join(raceRoot, "race"), path.join(raceRoot, ".race-held"), path.join(base, "race-outside")], { stdio: "ignore" });
    stop = () => child.kill("SIGKILL");
  });
  afterAll(() => stop());

  it("never reads or lists outside the root in 2,000 tries each", async () => {
    const read = readFileTool({ root: raceRoot });
    const list = listFilesTool({ root: raceRoot });
    const outcomes = { inside: 0, outside: 0, refused: 0, listedOutside: 0 };
    for (let attempt = 0; attempt < 2000; attempt++) {
      const text = await read.execute({ path: "race/file.txt" }, context).catch(() => undefined);
      if (text === undefined) outcomes.refused++;
      else if (String(text).includes("OUTSIDE")) outcomes.outside++;
      else outcomes.inside++;
      const listing = await list.execute({ path: "race", recursive: false }, context).catch(() => "");
      if (String(listing).includes("outside-only")) outcomes.listedOutside++;
    }
    expect(outcomes).toMatchObject({ outside: 0, listedOutside: 0 });
    expect(outcomes.inside).toBeGreaterThan(0);
  }, 60_000);
});

describe("read_file on something that is not a regular file", () => {
  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    const fifoRoot = path.join(base, "fifo-root");
    mkdirSync(fifoRoot);
    const fifo = path.join(fifoRoot, "pipe");
    execFileSync("mkfifo", [fifo]);
    const tool = readFileTool({ root: fifoRoot });
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise((resolve) => (timer = setTimeout(() => resolve("still waiting after 2 s"), 2000)));
    try {
      const outcome = await Promise.race([tool.execute({ path: "pipe" }, context).then(String, (error: unknown) => error), hung]);
      expect(outcome).toMatchObject({ code: "not-a-file", message: '"pipe" is not a regular file or folder (a pipe, socket or device)' });
      await expect(listFilesTool({ root: fifoRoot }).execute({ path: "pipe", recursive: false }, context)).rejects.toMatchObject({ code: "not-a-file" });
    } finally {
      clearTimeout(timer);
      // Lets an open that is still waiting for a writer finish, so the test process can end.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // Nobody was waiting.
      }
    }
  });
});

describe("list_files", () => {
  it("lists inside the root, marks symlinks and does not follow them", async () => {
    const tool = listFilesTool({ root });
    const listing = (await tool.execute({ path: ".", recursive: true }, context)) as string;
    expect(listing.split("\n")).toEqual(["big.txt", "blob.bin", "docs/", "docs/notes.txt", "escape-dir@", "escape-file.txt@", "inside-link.txt@", "passwd@"]);
    expect(listing).not.toContain("key.txt");
  });

  it("refuses to list outside the root, through .. or a symlink", async () => {
    const tool = listFilesTool({ root });
    await expect(tool.execute({ path: "..", recursive: false }, context)).rejects.toMatchObject({ code: "path-outside-root" });
    await expect(tool.execute({ path: "escape-dir", recursive: false }, context)).rejects.toMatchObject({ code: "path-outside-root" });
    await expect(tool.execute({ path: "../data-secret", recursive: false }, context)).rejects.toMatchObject({ code: "path-outside-root" });
  });

  it("caps the number of entries", async () => {
    const tool = listFilesTool({ root, maxEntries: 2 });
    expect(await tool.execute({ path: ".", recursive: true }, context)).toBe("big.txt\nblob.bin\n[listing cut at 2 entries]");
  });
});
