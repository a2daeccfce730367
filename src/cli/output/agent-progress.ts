import type { AgentEvent, TaskRecord } from "../../agents/index.js";
import { oneLine } from "./format.js";
import type { Terminal } from "./terminal.js";
import { colors } from "./terminal.js";

/** Prints agent events as they happen: text to stdout, steps, tool calls and the task list to stderr. */
export function agentProgressPrinter(terminal: Terminal): (event: AgentEvent) => void {
  let openLine = false;
  const endLine = () => {
    if (openLine) terminal.out("\n");
    openLine = false;
  };
  return (event) => {
    switch (event.type) {
      case "run-start":
        terminal.info(colors.dim(`agent · ${event.model} · tools: ${event.tools.join(", ") || "none"} · trace ${event.traceId.slice(0, 12)}`));
        break;
      case "step-start":
        endLine();
        terminal.info(colors.dim(`step ${event.step}`));
        break;
      case "text-delta":
        terminal.out(event.text);
        openLine = !event.text.endsWith("\n");
        break;
      case "tool-call-start":
        endLine();
        terminal.info(`  ${colors.cyan("→")} ${colors.bold(event.name)} ${oneLine(JSON.stringify(event.input) ?? "", 120)}`);
        break;
      case "tool-call-end": {
        const { call } = event;
        const mark = call.denied === true ? colors.yellow("✗ denied") : call.isError ? colors.red("✗") : colors.green("←");
        terminal.info(`  ${mark} ${colors.dim(`${call.name}: ${oneLine(call.output, 120)}`)}`);
        break;
      }
      case "plan-update":
        endLine();
        terminal.info(`${colors.bold("plan")} ${colors.dim(`(${event.reason})`)}\n${renderTasks(event.tasks)}`);
        break;
      case "task-start":
        endLine();
        terminal.info(colors.bold(`task ${event.task.id}: ${event.task.description}`));
        break;
      case "step-end":
      case "task-end":
        endLine();
        break;
      case "run-end":
        endLine();
        break;
    }
  };
}

/** The task list, one indented line per task. */
export function renderTasks(tasks: TaskRecord[]): string {
  if (tasks.length === 0) return "  (no tasks)";
  return tasks
    .map((task) => {
      const mark = task.status === "done" ? colors.green("[x]") : task.status === "failed" ? colors.red("[!]") : "[ ]";
      const result = task.result === undefined ? "" : colors.dim(` -> ${oneLine(task.result, 80)}`);
      return `  ${mark} ${task.id}. ${task.description}${result}`;
    })
    .join("\n");
}
