import { escapeXml } from "../../evals/reports/escape-markup.js";
import type { RedteamReport } from "../redteam-types.js";
import { proofLine } from "./proof-line.js";

/** JUnit XML: one testsuite per plugin, one testcase per attack; a successful attack is a failure (with its proof), an unjudged one an error. */
export function toRedteamJunit(report: RedteamReport): string {
  const suites = report.plugins.map((plugin) => {
    const outcomes = report.outcomes.filter((outcome) => outcome.attack.plugin === plugin.plugin);
    const cases = outcomes.map((outcome) => {
      const open = `    <testcase name="${escapeXml(outcome.attack.id)}" classname="${escapeXml(`redteam.${outcome.attack.plugin}.${outcome.attack.strategy}`)}" time="${(outcome.durationMs / 1000).toFixed(3)}"`;
      if (outcome.status === "blocked") return `${open}/>`;
      const tag = outcome.status === "success" ? "failure" : "error";
      const body = outcome.status === "success" ? `${outcome.reason}\nproof: ${proofLine(outcome)}${outcome.traceId === undefined ? "" : `\ntrace: ${outcome.traceId}`}` : outcome.reason;
      return `${open}>\n      <${tag} message="${escapeXml(outcome.reason)}">${escapeXml(body)}</${tag}>\n    </testcase>`;
    });
    return `  <testsuite name="${escapeXml(plugin.plugin)}" tests="${outcomes.length}" failures="${plugin.successes}" errors="${plugin.errors}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const failures = report.plugins.reduce((sum, plugin) => sum + plugin.successes, 0);
  const errors = report.plugins.reduce((sum, plugin) => sum + plugin.errors, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`redteam ${report.target.id}`)}" tests="${report.outcomes.length}" failures="${failures}" errors="${errors}">\n${suites.join("\n")}\n</testsuites>\n`;
}
