import { useMemo, useState } from "react";
import { getJson } from "../api/request.js";
import type { EvalComparisonView, EvalRunSummaryView } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { OutputDiff } from "../components/output-diff.js";
import { formatPercent, formatTime, formatValue } from "../format.js";
import { Link } from "../router.js";
import { useResource } from "../use-resource.js";

/** Run b against baseline a: paired statistics per variant, then each test's outputs with a diff. */
export function EvalComparePage(props: { a: string; b: string }) {
  const comparison = useResource(
    (signal) => getJson<EvalComparisonView>("/api/evals/compare", { a: props.a, b: props.b }, signal),
    `${props.a}|${props.b}`,
  );
  const [onlyChanged, setOnlyChanged] = useState(true);
  const cells = useMemo(() => {
    const all = comparison.data?.cells ?? [];
    return onlyChanged ? all.filter((cell) => cell.a?.output !== cell.b?.output || cell.a?.pass !== cell.b?.pass) : all;
  }, [comparison.data, onlyChanged]);
  if (comparison.error !== undefined) {
    return (
      <section>
        <p>
          <Link to="/evals">← Evals</Link>
        </p>
        <ErrorNote error={comparison.error} />
      </section>
    );
  }
  if (comparison.data === undefined) return <p className="muted">Loading…</p>;
  const { a, b, variants } = comparison.data;
  return (
    <section>
      <p>
        <Link to="/evals">← Evals</Link>
      </p>
      <h1>Compare runs</h1>
      <div className="compare-heads">
        <RunHead tag="A (baseline)" run={a} />
        <RunHead tag="B" run={b} />
      </div>
      <table className="statistics">
        <thead>
          <tr>
            <th>Variant</th>
            <th className="number">Pass rate A</th>
            <th className="number">Pass rate B</th>
            <th className="number">Mean score A</th>
            <th className="number">Mean score B</th>
            <th className="number">Δ mean (B − A)</th>
            <th className="number">95% interval</th>
            <th className="number">p (score)</th>
            <th className="number">p (pass/fail)</th>
            <th className="number">Improved / regressed</th>
          </tr>
        </thead>
        <tbody>
          {variants.map((variant) => (
            <tr key={variant.label}>
              <td className="mono">{variant.label}</td>
              <td className="number">{formatPercent(variant.a.passRate)}</td>
              <td className="number">{formatPercent(variant.b.passRate)}</td>
              <td className="number">{variant.a.meanScore.toFixed(3)}</td>
              <td className="number">{variant.b.meanScore.toFixed(3)}</td>
              <td className={`number ${variant.meanDifference > 0 ? "better" : variant.meanDifference < 0 ? "worse" : ""}`}>{signed(variant.meanDifference)}</td>
              <td className="number">{variant.interval === null ? "–" : `${signed(variant.interval[0])} … ${signed(variant.interval[1])}`}</td>
              <td className="number">{probability(variant.scorePValue)}</td>
              <td className="number">{probability(variant.passFailPValue)}</td>
              <td className="number">
                {variant.improvements} / {variant.regressions} <span className="muted">of {variant.tests}</span>
                {variant.significant && <span className="badge status-running">significant</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {variants.length === 0 && <p className="empty">The two runs share no variant, so nothing can be paired.</p>}
      <label className="inline">
        <input type="checkbox" checked={onlyChanged} onChange={(event) => setOnlyChanged(event.target.checked)} /> Only tests whose output or verdict changed
      </label>
      <div className="diffs">
        {cells.map((cell) => (
          <article key={`${cell.variant}-${cell.testIndex}`} className="diff-row">
            <header>
              <strong>{cell.description ?? `Test #${cell.testIndex + 1}`}</strong> <span className="mono">{cell.variant}</span>{" "}
              <span className="muted">{Object.entries(cell.vars).map(([key, value]) => `${key}=${formatValue(value)}`).join(" · ")}</span>
            </header>
            <div className="io three">
              <div>
                <h3>A {verdict(cell.a)}</h3>
                <pre className="text">{cell.a?.output ?? "(not in run A)"}</pre>
              </div>
              <div>
                <h3>B {verdict(cell.b)}</h3>
                <pre className="text">{cell.b?.output ?? "(not in run B)"}</pre>
              </div>
              <div>
                <h3>Diff</h3>
                <OutputDiff before={cell.a?.output ?? ""} after={cell.b?.output ?? ""} />
              </div>
            </div>
          </article>
        ))}
        {cells.length === 0 && <p className="empty">No differences.</p>}
      </div>
    </section>
  );
}

function RunHead(props: { tag: string; run: EvalRunSummaryView }) {
  return (
    <div className="run-head">
      <div className="muted">{props.tag}</div>
      <Link to={`/evals/${encodeURIComponent(props.run.id)}`}>{props.run.suite}</Link> · {formatTime(props.run.startedAt)} · pass rate {formatPercent(props.run.passRate)}
    </div>
  );
}

function verdict(side: { pass: boolean; score: number } | null) {
  if (side === null) return null;
  return (
    <span className={`badge ${side.pass ? "good" : "bad"}`}>
      {side.pass ? "pass" : "fail"} {side.score.toFixed(2)}
    </span>
  );
}

function probability(value: number | null): string {
  if (value === null || Number.isNaN(value)) return "–";
  return value < 0.001 ? "<0.001" : value.toFixed(3);
}

function signed(value: number): string {
  return `${value > 0 ? "+" : ""}${value.toFixed(3)}`;
}
