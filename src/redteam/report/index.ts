// Red-team reports: terminal, JSON, JUnit XML and self-contained HTML, the CI gate, and the
// attack set written as an eval suite.
export { renderRedteamTerminal } from "./render-redteam-terminal.js";
export type { RedteamTerminalOptions } from "./render-redteam-terminal.js";
export { toRedteamJunit } from "./redteam-junit.js";
export { toRedteamHtml } from "./redteam-html.js";
export { writeRedteamReport, checkRedteamReportPath, redteamReportFormats } from "./write-redteam-report.js";
export { parseFailOn, failOnTripped } from "./fail-on.js";
export type { FailOn } from "./fail-on.js";
export { attackSuiteYaml } from "./attack-suite-yaml.js";
export { formatRate, proofLine } from "./proof-line.js";
