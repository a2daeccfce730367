/**
 * Browser code of the HTML report: reads the embedded data and draws the statistics,
 * the filters and the side-by-side matrix with word diffs against a chosen variant.
 * Model output is only ever inserted as text, never as HTML.
 */
export const htmlReportScript = String.raw`
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const $ = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value; else if (key === "text") node.textContent = value; else node.setAttribute(key, value);
    }
    for (const child of children) if (child !== undefined && child !== null) node.append(child);
    return node;
  };
  const pct = (v) => Number.isNaN(v) || v === null ? "-" : Math.round(v * 100) + "%";
  const num = (v) => v === null || Number.isNaN(v) ? "-" : v.toFixed(2);
  const pval = (p) => p === null || Number.isNaN(p) ? "-" : p < 0.001 ? "p<0.001" : "p=" + p.toFixed(3);
  const ciBar = (ci) => {
    const svgNs = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("width", "120"); svg.setAttribute("height", "14");
    const add = (name, attrs) => { const el = document.createElementNS(svgNs, name); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); svg.append(el); };
    add("line", { x1: 0, x2: 120, y1: 7, y2: 7, stroke: "#d0d7de" });
    if (!Number.isNaN(ci.estimate) && ci.estimate !== null) {
      add("rect", { x: ci.low * 120, y: 3, width: Math.max(1, (ci.high - ci.low) * 120), height: 8, fill: "#54aeff", opacity: "0.5" });
      add("circle", { cx: ci.estimate * 120, cy: 7, r: 3, fill: "#0969da" });
    }
    return svg;
  };

  const cellsByKey = new Map();
  for (const cell of data.cells) {
    const key = cell.t + ":" + cell.v;
    if (!cellsByKey.has(key)) cellsByKey.set(key, []);
    cellsByKey.get(key).push(cell);
  }
  const flakyKeys = new Set(data.statistics.flaky.map((f) => f.testIndex + ":" + f.variantIndex));

  // Statistics
  const stats = document.getElementById("stats");
  const statsTable = $("table", { class: "stats" }, $("thead", {}, $("tr", {}, ...["variant", "pass rate (95% CI)", "mean score (95% CI)", "pass / fail / error", "mean latency", "cost"].map((h) => $("th", { text: h })))));
  const statsBody = $("tbody");
  for (const v of data.statistics.variants) {
    statsBody.append($("tr", {},
      $("td", { text: v.label }),
      $("td", { class: "num ci" }, pct(v.passRate.estimate) + " [" + pct(v.passRate.low) + ", " + pct(v.passRate.high) + "]", ciBar(v.passRate)),
      $("td", { class: "num ci" }, num(v.meanScore.estimate) + " [" + num(v.meanScore.low) + ", " + num(v.meanScore.high) + "]", ciBar(v.meanScore)),
      $("td", { class: "num" }, $("span", { class: "pass", text: String(v.passed) }), " / ", $("span", { class: "fail", text: String(v.failed) }), " / ", $("span", { class: "error", text: String(v.errors) })),
      $("td", { class: "num", text: v.meanLatencyMs === undefined || v.meanLatencyMs === null ? "-" : Math.round(v.meanLatencyMs) + " ms" }),
      $("td", { class: "num", text: v.totalCostUsd === undefined || v.totalCostUsd === null ? "-" : "$" + v.totalCostUsd.toPrecision(2) })));
  }
  statsTable.append(statsBody);
  stats.append(statsTable);
  for (const v of data.statistics.variants) {
    const named = Object.entries(Object.assign({}, v.namedScores, v.derivedMetrics));
    if (named.length > 0) stats.append($("p", { class: "muted", text: "named metrics, " + v.label + ": " + named.map(([name, total]) => name + " " + Number(total.toFixed(4))).join(", ") }));
  }

  if (data.statistics.comparisons.length > 0) {
    stats.append($("h2", { text: "Paired comparisons" }), $("p", { class: "muted", text: "Score: paired bootstrap on per-test mean scores (A − B). Pass/fail: McNemar's test on matched cells (A-only passes : B-only passes). p-values Holm-adjusted over all pairs; highlighted rows are significant at 5%." }));
    const comp = $("table", { class: "stats" }, $("thead", {}, $("tr", {}, ...["A", "B", "tests", "score Δ (95% CI)", "p (score)", "pass/fail", "p (pass/fail)", "verdict"].map((h) => $("th", { text: h })))));
    const body = $("tbody");
    for (const c of data.statistics.comparisons) {
      const d = c.scoreDifference;
      const row = $("tr", { class: c.significant.score || c.significant.passFail ? "significant" : "" },
        $("td", { text: c.labelA }), $("td", { text: c.labelB }), $("td", { class: "num", text: String(c.tests) }),
        $("td", { class: "num", text: num(d.estimate) + " [" + num(d.low) + ", " + num(d.high) + "]" }),
        $("td", { class: "num", text: pval(c.adjusted.score) }),
        $("td", { class: "num", text: c.passFail.aOnly + " : " + c.passFail.bOnly + " (" + c.passFail.method + ")" }),
        $("td", { class: "num", text: pval(c.adjusted.passFail) }),
        $("td", { text: c.verdict }));
      body.append(row);
    }
    comp.append(body);
    stats.append(comp);
  }
  if (data.statistics.flaky.length > 0) {
    stats.append($("h2", { text: "Flaky cells (" + data.statistics.flaky.length + ")" }));
    const list = $("ul");
    for (const f of data.statistics.flaky) list.append($("li", { text: "test " + (f.testIndex + 1) + " on " + data.variants[f.variantIndex].label + ": passed " + f.passes + " of " + f.repeats }));
    stats.append(list);
  }

  // Controls
  const controls = document.getElementById("controls");
  const search = $("input", { type: "search", placeholder: "search tests and outputs" });
  const status = $("select", {}, ...[["all", "all tests"], ["failing", "with a failure"], ["error", "with an error"], ["differ", "where variants differ"], ["flaky", "flaky"]].map(([v, t]) => $("option", { value: v, text: t })));
  const baseline = $("select", {}, $("option", { value: "", text: "no diff" }), ...data.variants.map((v) => $("option", { value: String(v.index), text: "diff against " + v.label })));
  if (data.variants.length > 1) baseline.value = "0";
  controls.append($("label", {}, "Filter ", search), $("label", {}, "Show ", status), baseline);
  const shown = new Set(data.variants.map((v) => v.index));
  for (const v of data.variants) {
    const box = $("input", { type: "checkbox" });
    box.checked = true;
    box.addEventListener("change", () => { if (box.checked) shown.add(v.index); else shown.delete(v.index); draw(); });
    controls.append($("label", {}, box, " " + v.label));
  }
  const count = $("span", { class: "muted" });
  controls.append(count);
  for (const el of [search, status, baseline]) el.addEventListener("input", draw);

  function words(text) { return text.split(/(\s+)/).filter((w) => w !== ""); }
  function diffNodes(text, base) {
    const a = words(base), b = words(text);
    if (a.length * b.length > 2500000) return [document.createTextNode(text)];
    const dp = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    const out = [];
    let i = 0, j = 0;
    const push = (tag, t) => { const last = out[out.length - 1]; if (last && last.tag === tag) last.text += t; else out.push({ tag, text: t }); };
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { push("", b[j]); i++; j++; }
      else if (dp[i + 1][j] >= dp[i][j + 1]) { push("del", a[i]); i++; }
      else { push("ins", b[j]); j++; }
    }
    while (i < a.length) push("del", a[i++]);
    while (j < b.length) push("ins", b[j++]);
    return out.map((part) => part.tag === "" ? document.createTextNode(part.text) : $(part.tag, { text: part.text }));
  }

  function cellView(cells, base) {
    const td = $("td");
    if (!cells) { td.append($("span", { class: "muted", text: "not run" })); return td; }
    const passes = cells.filter((c) => c.s === "pass").length;
    const kind = cells.some((c) => c.s === "error") ? "error" : passes === cells.length ? "pass" : passes === 0 ? "fail" : "mixed";
    const label = cells.length > 1 ? passes + "/" + cells.length : kind.toUpperCase();
    const score = cells.reduce((s, c) => s + c.sc, 0) / cells.length;
    td.append($("span", { class: "badge " + kind, text: label }), $("span", { class: "muted", text: "score " + score.toFixed(2) }));
    const first = cells[0];
    const out = $("div", { class: "output" });
    if (base !== undefined && base !== first.o) out.append(...diffNodes(first.o, base)); else out.textContent = first.o;
    td.append(out);
    for (const c of cells) if (c.s !== "pass") td.append($("div", { class: "reason", text: (cells.length > 1 ? "repeat " + (c.r + 1) + ": " : "") + c.re }));
    if (first.a.length > 0) {
      const details = $("details", {}, $("summary", { text: first.a.length + " assertions" }));
      const list = $("ul");
      for (const [type, pass, sc, reason] of first.a) list.append($("li", { class: pass ? "pass" : "fail", text: (pass ? "✓ " : "✗ ") + type + " (" + sc.toFixed(2) + "): " + reason }));
      details.append(list);
      td.append(details);
    }
    if (first.tr) td.append($("div", { class: "trace", text: "flywheel traces show " + first.tr }));
    return td;
  }

  function draw() {
    const query = search.value.trim().toLowerCase();
    const mode = status.value;
    const baseIndex = baseline.value === "" ? undefined : Number(baseline.value);
    const variants = data.variants.filter((v) => shown.has(v.index));
    const table = document.getElementById("matrix");
    table.textContent = "";
    table.append($("thead", {}, $("tr", {}, $("th", { text: "test" }), ...variants.map((v) => $("th", { text: v.label })))));
    const body = $("tbody");
    let visible = 0;
    for (const test of data.tests) {
      const row = variants.map((v) => cellsByKey.get(test.index + ":" + v.index));
      const all = row.filter(Boolean).flat();
      if (mode === "failing" && !all.some((c) => c.s !== "pass")) continue;
      if (mode === "error" && !all.some((c) => c.s === "error")) continue;
      if (mode === "differ" && new Set(all.map((c) => c.s)).size < 2) continue;
      if (mode === "flaky" && !variants.some((v) => flakyKeys.has(test.index + ":" + v.index))) continue;
      const haystack = (JSON.stringify(test.vars) + " " + (test.description || "") + " " + all.map((c) => c.o).join(" ")).toLowerCase();
      if (query !== "" && !haystack.includes(query)) continue;
      visible++;
      const baseCells = baseIndex === undefined ? undefined : cellsByKey.get(test.index + ":" + baseIndex);
      const baseText = baseCells ? baseCells[0].o : undefined;
      const name = $("td", { class: "test" }, $("strong", { text: (test.index + 1) + ". " + (test.description || "") }), $("div", { class: "vars", text: Object.entries(test.vars).map(([k, v]) => k + ": " + (typeof v === "string" ? v : JSON.stringify(v))).join("\n") }));
      body.append($("tr", {}, name, ...variants.map((v) => cellView(cellsByKey.get(test.index + ":" + v.index), v.index === baseIndex ? undefined : baseText))));
    }
    table.append(body);
    count.textContent = visible + " of " + data.tests.length + " tests";
  }
  draw();
})();
`;
