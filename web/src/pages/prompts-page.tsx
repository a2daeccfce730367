import { useState } from "react";
import { getJson } from "../api/request.js";
import type { PromptSummary, PromptVersionSummary } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { OutputDiff } from "../components/output-diff.js";
import { formatCost, formatDuration, formatPercent, formatTime } from "../format.js";
import { useResource } from "../use-resource.js";
import { useStoreChanges } from "../use-store-changes.js";

const short = (hash: string) => hash.slice(0, 8);

/**
 * Prompts by version (content hash): per version the live calls, latency, cost, error rate,
 * feedback, online check pass rates and eval score; pick two versions to see a word diff.
 * Reloads on new traces, feedback and check results.
 */
export function PromptsPage() {
  const changes = useStoreChanges("prompts", "traces", "feedback");
  const prompts = useResource((signal) => getJson<PromptSummary[]>("/api/prompts", {}, signal), `prompts ${changes}`);
  return (
    <section>
      <h1>Prompts</h1>
      {prompts.error !== undefined && <ErrorNote error={prompts.error} />}
      {prompts.data !== undefined && prompts.data.length === 0 && (
        <p className="empty">
          No prompts yet. Add <code>*.prompt.md</code> files to <code>prompts/</code> and run them (<code>flywheel run --prompt</code>, <code>model: &quot;prompt:&lt;name&gt;&quot;</code> on /v1).
        </p>
      )}
      {prompts.data?.map((prompt) => <PromptView key={prompt.name} prompt={prompt} />)}
    </section>
  );
}

function PromptView(props: { prompt: PromptSummary }) {
  const { prompt } = props;
  const [picked, setPicked] = useState<string[]>([]);
  const checkNames = [...new Set(prompt.versions.flatMap((version) => Object.keys(version.live.checks)))].sort();
  const toggle = (hash: string) => setPicked((current) => (current.includes(hash) ? current.filter((entry) => entry !== hash) : [...current, hash].slice(-2)));
  return (
    <article className="prompt" data-prompt={prompt.name}>
      <h2>
        {prompt.name} {prompt.file !== null && <span className="muted">{prompt.file}</span>}
      </h2>
      <table>
        <thead>
          <tr>
            <th>diff</th>
            <th>version</th>
            <th>first seen</th>
            <th>calls</th>
            <th>p50</th>
            <th>p95</th>
            <th>cost/call</th>
            <th>errors</th>
            <th>feedback</th>
            {checkNames.map((name) => (
              <th key={name}>check {name}</th>
            ))}
            <th>evals</th>
          </tr>
        </thead>
        <tbody>
          {prompt.versions.map((version) => (
            <VersionRow key={version.hash} version={version} checkNames={checkNames} picked={picked.includes(version.hash)} onPick={() => toggle(version.hash)} />
          ))}
        </tbody>
      </table>
      {picked.length === 2 && <VersionDiff name={prompt.name} a={picked[0]!} b={picked[1]!} />}
    </article>
  );
}

function VersionRow(props: { version: PromptVersionSummary; checkNames: string[]; picked: boolean; onPick: () => void }) {
  const { version } = props;
  const { live } = version;
  return (
    <tr data-version={version.hash}>
      <td>
        <input type="checkbox" aria-label={`compare ${short(version.hash)}`} checked={props.picked} onChange={props.onPick} />
      </td>
      <td>
        <code>{short(version.hash)}</code>
        {version.current && <span className="muted"> (file)</span>}
      </td>
      <td>{version.firstSeenAt === null ? "–" : formatTime(version.firstSeenAt)}</td>
      <td>{live.calls}</td>
      <td>{formatDuration(live.latencyP50Ms)}</td>
      <td>{formatDuration(live.latencyP95Ms)}</td>
      <td>{formatCost(live.costPerCallUsd)}</td>
      <td>{live.calls === 0 ? "–" : formatPercent(live.errorRate)}</td>
      <td>{live.feedback === null ? "–" : `${live.feedback.mean.toFixed(2)} (${live.feedback.n})`}</td>
      {props.checkNames.map((name) => {
        const check = live.checks[name];
        return <td key={name}>{check === undefined ? "–" : `${formatPercent(check.passRate)} of ${check.n - check.errors}`}</td>;
      })}
      <td>{version.offline === null ? "–" : `${version.offline.meanScore.toFixed(2)} · ${formatPercent(version.offline.passRate)} pass`}</td>
    </tr>
  );
}

function VersionDiff(props: { name: string; a: string; b: string }) {
  const load = (hash: string, signal: AbortSignal) => getJson<{ source: string }>(`/api/prompts/${encodeURIComponent(props.name)}/versions/${hash}`, {}, signal);
  const pair = useResource(async (signal) => Promise.all([load(props.a, signal), load(props.b, signal)]), `${props.a} ${props.b}`);
  return (
    <div className="prompt-diff">
      <h3>
        {short(props.a)} → {short(props.b)}
      </h3>
      {pair.error !== undefined && <ErrorNote error={pair.error} />}
      {pair.data !== undefined && <OutputDiff before={pair.data[0].source} after={pair.data[1].source} />}
    </div>
  );
}
