// Red-team reports: terminal, JSON, JUnit XML and self-contained HTML, the CI gate, and the
// attack set written as an eval suite.
import { FlywheelError } from "../../errors/index.js";
import type { SuiteFile } from "../../evals/suite/suite-schema.js";
import type { RedteamReport } from "../redteam-types.js";

const notBuilt = () => new FlywheelError({ code: "not-implemented", message: "red-team reports are not built yet", hint: "" });

/** `--fail-on`: any success, or a success rate above which the run fails. */
export type FailOn = { kind: "any" } | { kind: "rate"; rate: number };

/** The terminal report: plugin x strategy success rates with intervals, then every successful attack with its proof. */
export function renderRedteamTerminal(report: RedteamReport, options: { color?: boolean } = {}): string {
  void report;
  void options;
  throw notBuilt();
}

/** Writes a report file; the extension picks the format (.json, .xml JUnit, .html). */
export async function writeRedteamReport(report: RedteamReport, file: string): Promise<void> {
  void report;
  void file;
  throw notBuilt();
}

/** Parses `--fail-on` (`any`, or a rate such as `0.05` or `5%`). */
export function parseFailOn(text: string): FailOn {
  void text;
  throw notBuilt();
}

/** Why the gate trips (one line), or `undefined` when the run passes it. */
export function failOnTripped(report: RedteamReport, failOn: FailOn): string | undefined {
  void report;
  void failOn;
  throw notBuilt();
}

/** The attack set as eval-suite YAML that `flywheel eval -c <file>` replays. */
export function attackSuiteYaml(suite: SuiteFile): string {
  void suite;
  throw notBuilt();
}
