import { Option } from "commander";
import { collect } from "./option-parsers.js";

/** The repeatable `--tag <tag>` of commands that start traces; the action gets `tag?: string[]`. */
export function tagOption(): Option {
  return new Option("--tag <tag>", "tag the trace, to select it later (datasets create --tag); repeatable").argParser(collect);
}
