import { diffWords } from "diff";
import { UsageError } from "../../errors/index.js";
import { PROMPT_HASH_DISPLAY_LENGTH, promptGitHistory, promptSummaries, resolvePromptReference, UnknownPromptError } from "../../prompts/index.js";
import type { PromptVersionSummary } from "../../prompts/index.js";
import type { CommandContext } from "../command-context.js";
import type { PromptsCommandOptions } from "../commands/prompts.js";
import { formatCost, formatDuration, formatTime, renderTable } from "../output/format.js";
import { colors } from "../output/terminal.js";

const short = (hash: string) => hash.slice(0, PROMPT_HASH_DISPLAY_LENGTH);

/** `prompts list`: each prompt with its versions, calls and last use. */
export async function listPrompts(context: CommandContext, options: PromptsCommandOptions): Promise<void> {
  const flywheel = await context.flywheel();
  const summaries = await promptSummaries(flywheel);
  if (options.json === true) {
    context.terminal.line(JSON.stringify(summaries, null, 2));
    return;
  }
  if (summaries.length === 0) {
    context.terminal.info(`no prompts yet: add *.prompt.md files to ${flywheel.config.prompts.dir}/ and run them (flywheel run --prompt <file>)`);
    return;
  }
  const rows = summaries.map((summary) => {
    const calls = summary.versions.reduce((sum, version) => sum + version.live.calls, 0);
    const used = summary.versions.flatMap((version) => [version.live.firstUsedAt, version.live.lastUsedAt]).filter((time): time is number => time !== null);
    return [summary.name, String(summary.versions.length), summary.currentHash === null ? "-" : short(summary.currentHash), String(calls), used.length > 0 ? formatTime(Math.min(...used)) : "-", used.length > 0 ? formatTime(Math.max(...used)) : "-"];
  });
  context.terminal.line(renderTable(["prompt", "versions", "file version", "calls", "first use", "last use"], rows));
}

/** `prompts show <name>[@hash]`. */
export async function showPrompt(context: CommandContext, reference: string, options: PromptsCommandOptions): Promise<void> {
  const flywheel = await context.flywheel();
  const file = await resolvePromptReference(flywheel, reference);
  const summary = (await promptSummaries(flywheel, file.name))[0];
  const version = summary?.versions.find((entry) => entry.hash === file.hash);
  const pinned = reference.includes("@");
  if (options.json === true) {
    context.terminal.line(JSON.stringify({ name: file.name, hash: file.hash, file: file.file ?? null, source: file.source, version: version ?? null, ...(pinned ? {} : { versions: summary?.versions ?? [] }) }, null, 2));
    return;
  }
  const state = summary?.currentHash === file.hash ? "the file's version" : "a stored version";
  context.terminal.line(colors.bold(`${file.name}@${short(file.hash)}`) + colors.dim(` · ${state}${file.file === undefined ? "" : ` · ${file.file}`}`));
  context.terminal.line(colors.dim("─".repeat(40)));
  context.terminal.line(file.source.trimEnd());
  context.terminal.line(colors.dim("─".repeat(40)));
  const shown = pinned ? (version === undefined ? [] : [version]) : (summary?.versions ?? []);
  if (shown.every((entry) => entry.live.calls === 0 && entry.offline === null && Object.keys(entry.live.checks).length === 0)) {
    context.terminal.line(colors.dim("no live calls or eval runs of this version yet"));
    return;
  }
  context.terminal.line(metricsTable(shown, summary?.currentHash ?? null));
  const checks = checkLines(shown);
  if (checks.length > 0) context.terminal.line(`\nonline checks (pass rate, of checks that ran):\n${checks.join("\n")}`);
}

/** `prompts history <name>`. */
export async function promptHistory(context: CommandContext, name: string, options: PromptsCommandOptions): Promise<void> {
  if (name.includes("@")) throw new UsageError(`prompts history takes a name, not a version ("${name}")`, `run \`flywheel prompts history ${name.split("@")[0]}\``);
  const flywheel = await context.flywheel();
  const summary = (await promptSummaries(flywheel, name))[0];
  if (summary === undefined) throw new UnknownPromptError({ reference: name, reason: "no prompt file and no version in use by that name", hint: "list prompts with `flywheel prompts list`" });
  const commits = summary.file === null ? [] : await promptGitHistory(summary.file);
  const hashes = [...new Set([...summary.versions.map((version) => version.hash), ...commits.flatMap((commit) => (commit.hash === null ? [] : [commit.hash]))])];
  const entries = hashes.map((hash) => {
    const version = summary.versions.find((entry) => entry.hash === hash);
    const inCommits = commits.filter((commit) => commit.hash === hash);
    return { hash, current: summary.currentHash === hash, firstSeenAt: version?.firstSeenAt ?? null, calls: version?.live.calls ?? 0, commits: inCommits.map(({ commit, time, subject }) => ({ commit, time, subject })) };
  });
  const firstTime = (entry: (typeof entries)[number]) => Math.min(entry.firstSeenAt ?? Infinity, ...entry.commits.map((commit) => commit.time));
  entries.sort((a, b) => firstTime(a) - firstTime(b));
  if (options.json === true) {
    context.terminal.line(JSON.stringify({ name, file: summary.file, versions: entries }, null, 2));
    return;
  }
  const rows = entries.map((entry) => [
    `${short(entry.hash)}${entry.current ? " *" : ""}`,
    entry.firstSeenAt === null ? "-" : formatTime(entry.firstSeenAt),
    String(entry.calls),
    entry.commits.length === 0 ? "-" : entry.commits.map((commit) => `${commit.commit.slice(0, 7)} ${formatTime(commit.time).slice(0, 10)} ${commit.subject}`).join("; "),
  ]);
  context.terminal.line(renderTable(["version", "first used", "calls", "commits"], rows));
  context.terminal.info(colors.dim(`* the file's version now${summary.file === null ? "" : commits.length === 0 ? " (the file is not in a git repository, or has no commits)" : ""}`));
}

/** `prompts diff <name>@a [@b|name@b|name]`. */
export async function diffPrompts(context: CommandContext, from: string, to: string | undefined): Promise<void> {
  const name = from.split("@")[0]!;
  if (name === "") throw new UsageError(`"${from}" names no prompt`, "write the first version as name@hash, e.g. `flywheel prompts diff support@3f2a @9c1b`");
  const flywheel = await context.flywheel();
  const target = to === undefined ? name : to.startsWith("@") ? `${name}${to}` : to;
  const [a, b] = [await resolvePromptReference(flywheel, from), await resolvePromptReference(flywheel, target)];
  context.terminal.line(colors.dim(`--- ${a.name}@${short(a.hash)}\n+++ ${b.name}@${short(b.hash)}`));
  if (a.hash === b.hash) {
    context.terminal.line(colors.dim("the same version: no difference"));
    return;
  }
  const marked = colors.isColorSupported;
  const text = diffWords(a.source, b.source)
    .map((part) => (part.added ? (marked ? colors.green(colors.underline(part.value)) : `{+${part.value}+}`) : part.removed ? (marked ? colors.red(colors.strikethrough(part.value)) : `[-${part.value}-]`) : part.value))
    .join("");
  context.terminal.line(text.trimEnd());
}

function metricsTable(versions: PromptVersionSummary[], currentHash: string | null): string {
  const percent = (value: number | null | undefined) => (value === null || value === undefined ? "-" : `${(value * 100).toFixed(1)}%`);
  const rows = versions.map((version) => [
    `${short(version.hash)}${version.hash === currentHash ? " *" : ""}`,
    String(version.live.calls),
    formatDuration(version.live.latencyP50Ms),
    formatDuration(version.live.latencyP95Ms),
    formatCost(version.live.costPerCallUsd),
    percent(version.live.calls > 0 ? version.live.errorRate : null),
    version.live.feedback === null ? "-" : `${version.live.feedback.mean.toFixed(2)} (${version.live.feedback.n})`,
    version.offline === null ? "-" : `${version.offline.meanScore.toFixed(2)} · ${percent(version.offline.passRate)} pass (${version.offline.runs} runs)`,
  ]);
  return renderTable(["version", "calls", "p50", "p95", "cost/call", "errors", "feedback", "evals (offline)"], rows);
}

function checkLines(versions: PromptVersionSummary[]): string[] {
  return versions.flatMap((version) =>
    Object.entries(version.live.checks).map(
      ([name, check]) => `  ${short(version.hash)} ${name}: ${check.passRate === null ? "-" : `${(check.passRate * 100).toFixed(1)}%`} of ${check.n - check.errors}${check.errors > 0 ? ` (${check.errors} could not run)` : ""}`,
    ),
  );
}

