import { stringify } from "yaml";
import type { SuiteFile } from "../../evals/suite/suite-schema.js";

/** The attack set as eval-suite YAML that `flywheel eval -c <file>` replays: the same attacks, graded the same way, in a fresh range of traps. */
export function attackSuiteYaml(suite: SuiteFile): string {
  const header = [
    "# Red-team attack set, written by `flywheel redteam --save-suite`.",
    "# Replay it after a fix with: flywheel eval -c <this file>",
    "# A passing test is a blocked attack. [[placeholders]] are filled from a fresh range of traps",
    "# (honeypot, page server, canary files) on every run, so the replay needs no fixed ports.",
  ].join("\n");
  return `${header}\n${stringify(suite, { lineWidth: 0 })}`;
}
