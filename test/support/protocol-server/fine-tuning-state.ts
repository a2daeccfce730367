/** A file uploaded with `POST /v1/files`. */
export interface StoredFile {
  id: string;
  filename: string;
  purpose: string;
  bytes: number;
  createdAt: number;
  /** The file's text, so tests can check what was uploaded. */
  content: string;
}

/** An event of a fine-tuning job, as `GET .../events` lists it. */
export interface FineTuningEvent {
  id: string;
  createdAt: number;
  level: "info" | "warn" | "error";
  message: string;
  type: "message" | "metrics";
  data?: Record<string, unknown>;
}

/** A fine-tuning job the server is emulating. */
export interface FineTuningJob {
  id: string;
  model: string;
  createdAt: number;
  status: "validating_files" | "queued" | "running" | "succeeded" | "failed" | "cancelled";
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  hyperparameters: { n_epochs: number; batch_size: number; learning_rate_multiplier: number };
  /** Steps of the emulated training; one retrieve call advances it by a stage. */
  totalSteps: number;
  step: number;
  fineTunedModel: string | null;
  trainedTokens: number | null;
  error: { code: string; message: string; param: string | null } | null;
  events: FineTuningEvent[];
}

/** Files and fine-tuning jobs of one server. */
export class FineTuningState {
  readonly files = new Map<string, StoredFile>();
  readonly jobs = new Map<string, FineTuningJob>();
  private counter = 0;

  /** A new id with a prefix (`file-`, `ftjob-`, `ftevent-`). */
  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString().padStart(6, "0")}`;
  }

  clear(): void {
    this.files.clear();
    this.jobs.clear();
  }
}
