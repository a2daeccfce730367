import { FlywheelError } from "../errors/index.js";

/** No job with that id. */
export class JobNotFoundError extends FlywheelError {
  constructor(options: { jobId: string; ambiguous?: boolean }) {
    super({
      code: options.ambiguous === true ? "usage" : "job-not-found",
      message: options.ambiguous === true ? `job id prefix "${options.jobId}" matches more than one job` : `no job "${options.jobId}"`,
      hint: options.ambiguous === true ? "give more characters of the id" : "list jobs with `flywheel finetune list`",
    });
    this.name = "JobNotFoundError";
  }
}

/**
 * Thrown by a handler that stops because its process is going away, not because the work
 * failed: the job stays `running` with no live worker, so a later process resumes it.
 */
export class JobDetachedError extends FlywheelError {
  constructor() {
    super({ code: "job-detached", message: "stopped watching the job; it goes on", hint: "resume watching with `flywheel finetune status <job> --watch`" });
    this.name = "JobDetachedError";
  }
}
