/** One task of a planner run. */
export interface TaskRecord {
  /** 1-based, in order of creation. */
  id: number;
  description: string;
  status: "open" | "done" | "failed";
  /** What executing the task produced (its final answer or the reason it stopped). */
  result?: string;
}

/**
 * The planner's explicit task list: tasks are created, kept in priority order, and completed.
 * Open tasks are ordered by priority; done tasks keep their completion order.
 */
export class TaskList {
  private readonly tasks: TaskRecord[] = [];
  private nextId = 1;

  /** Adds a task at the end of the open tasks; returns it. */
  create(description: string): TaskRecord {
    const task: TaskRecord = { id: this.nextId++, description, status: "open" };
    this.tasks.push(task);
    return task;
  }

  /** The open tasks, highest priority first. */
  open(): TaskRecord[] {
    return this.tasks.filter((task) => task.status === "open");
  }

  /** Every task: done and failed ones first (in completion order), then open ones by priority. */
  all(): TaskRecord[] {
    return [...this.tasks.filter((task) => task.status !== "open"), ...this.open()].map((task) => ({ ...task }));
  }

  /** Marks a task done (or failed) with its result. */
  complete(id: number, result: string, status: "done" | "failed" = "done"): void {
    const index = this.tasks.findIndex((task) => task.id === id);
    if (index === -1) return;
    const [task] = this.tasks.splice(index, 1) as [TaskRecord];
    task.status = status;
    task.result = result;
    // Completed tasks move before the open ones, after earlier completed ones.
    const firstOpen = this.tasks.findIndex((item) => item.status === "open");
    this.tasks.splice(firstOpen === -1 ? this.tasks.length : firstOpen, 0, task);
  }

  /**
   * Replaces the open tasks with `descriptions`, in that priority order: a description equal to an
   * open task's keeps that task (and its id), a new one creates a task, and open tasks left out are dropped.
   */
  reprioritise(descriptions: readonly string[]): void {
    const open = new Map(this.open().map((task) => [normalise(task.description), task]));
    const done = this.tasks.filter((task) => task.status !== "open");
    const doneTexts = new Set(done.map((task) => normalise(task.description)));
    const next: TaskRecord[] = [];
    const seen = new Set<string>();
    for (const description of descriptions) {
      const key = normalise(description);
      if (key === "" || seen.has(key) || doneTexts.has(key)) continue;
      seen.add(key);
      next.push(open.get(key) ?? { id: this.nextId++, description: description.trim(), status: "open" });
    }
    this.tasks.length = 0;
    this.tasks.push(...done, ...next);
  }

  /** The list as text, one task a line: `[x] 1. ...` done, `[!]` failed, `[ ]` open. */
  render(): string {
    return this.all()
      .map((task) => `${task.status === "done" ? "[x]" : task.status === "failed" ? "[!]" : "[ ]"} ${task.id}. ${task.description}${task.result === undefined ? "" : ` -> ${task.result.replace(/\s+/g, " ").slice(0, 200)}`}`)
      .join("\n");
  }
}

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, " ").toLowerCase();
}
