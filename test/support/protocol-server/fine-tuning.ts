import type { IncomingMessage, ServerResponse } from "node:http";
import type { FineTuningEvent, FineTuningJob, FineTuningState } from "./fine-tuning-state.js";
import { isRecord } from "./is-record.js";
import { parseMultipartForm } from "./multipart-form.js";
import { openaiErrorBody } from "./openai-error-body.js";
import { sendError } from "./send-error.js";
import { sendJson } from "./send-json.js";

/**
 * OpenAI's files and fine-tuning endpoints, emulated: uploads are checked line by line
 * (chat JSONL), jobs move one stage per retrieve call (validating_files, queued, running
 * with a metrics event per step, succeeded with an `ft:` model), so a client's polling is
 * exercised without waiting. Behaviours by base model name: `*fail-training*` fails the
 * job, `*not-tunable*` is refused at creation.
 */
export function handleFineTuning(state: FineTuningState, request: IncomingMessage, endpoint: string, body: unknown, response: ServerResponse): boolean {
  const method = request.method ?? "GET";
  if (!/^\/(files|fine_tuning\/jobs)(\/|$|\?)/.test(endpoint)) return false;
  if (request.headers.authorization === undefined || !/^Bearer \S+/.test(request.headers.authorization)) {
    sendError(response, { status: 401, type: "invalid_request_error", message: "You didn't provide an API key." }, openaiErrorBody);
    return true;
  }
  const [path, query = ""] = endpoint.split("?");
  const segments = path!.split("/").filter((part) => part !== "");
  if (method === "POST" && path === "/files") return uploadFile(state, request, body, response);
  if (method === "POST" && path === "/fine_tuning/jobs") return createJob(state, body, response);
  if (method === "GET" && path === "/fine_tuning/jobs") {
    sendJson(response, 200, { object: "list", data: [...state.jobs.values()].reverse().map(jobBody), has_more: false });
    return true;
  }
  const job = segments[2] === undefined ? undefined : state.jobs.get(segments[2]);
  if (segments[0] === "fine_tuning" && job === undefined) {
    sendError(response, { status: 404, type: "invalid_request_error", message: `Could not find fine tune: ${segments[2] ?? ""}` }, openaiErrorBody);
    return true;
  }
  if (job !== undefined && method === "GET" && segments.length === 3) {
    advance(state, job);
    sendJson(response, 200, jobBody(job));
    return true;
  }
  if (job !== undefined && method === "GET" && segments[3] === "events") {
    const params = new URLSearchParams(query);
    const newestFirst = [...job.events].reverse();
    const after = params.get("after");
    const start = after === null ? 0 : newestFirst.findIndex((event) => event.id === after) + 1;
    // `after` pages towards older events, as the API does.
    const page = after === null ? newestFirst : newestFirst.slice(start);
    const limit = Number(params.get("limit") ?? 20);
    sendJson(response, 200, { object: "list", data: page.slice(0, limit).map(eventBody), has_more: page.length > limit });
    return true;
  }
  if (job !== undefined && method === "POST" && segments[3] === "cancel") {
    if (["succeeded", "failed", "cancelled"].includes(job.status)) {
      sendError(response, { status: 400, type: "invalid_request_error", message: `Job has already completed: ${job.id}` }, openaiErrorBody);
      return true;
    }
    job.status = "cancelled";
    addEvent(state, job, "info", "Fine-tuning job cancelled");
    sendJson(response, 200, jobBody(job));
    return true;
  }
  sendError(response, { status: 404, type: "invalid_request_error", message: `Invalid URL (${method} ${endpoint})` }, openaiErrorBody);
  return true;
}

function uploadFile(state: FineTuningState, request: IncomingMessage, body: unknown, response: ServerResponse): boolean {
  const parts = typeof body === "string" ? parseMultipartForm(body, request.headers["content-type"]) : undefined;
  const file = parts?.find((part) => part.name === "file");
  const purpose = parts?.find((part) => part.name === "purpose")?.content;
  if (file === undefined || purpose === undefined) {
    sendError(response, { status: 400, type: "invalid_request_error", message: "'file' and 'purpose' are required (multipart/form-data)" }, openaiErrorBody);
    return true;
  }
  if (purpose === "fine-tune") {
    const lines = file.content.split("\n").filter((line) => line.trim() !== "");
    for (const [index, line] of lines.entries()) {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        row = undefined;
      }
      if (!isRecord(row) || !Array.isArray(row.messages) || row.messages.length === 0) {
        sendError(response, { status: 400, type: "invalid_request_error", message: `Invalid file format. Line ${index + 1}: expected a JSON object with a messages array` }, openaiErrorBody);
        return true;
      }
    }
  }
  const id = state.nextId("file-");
  const stored = { id, filename: file.filename ?? "upload.jsonl", purpose, bytes: Buffer.byteLength(file.content), createdAt: Math.floor(Date.now() / 1000), content: file.content };
  state.files.set(id, stored);
  sendJson(response, 200, { id, object: "file", bytes: stored.bytes, created_at: stored.createdAt, filename: stored.filename, purpose, status: "processed" });
  return true;
}

function createJob(state: FineTuningState, body: unknown, response: ServerResponse): boolean {
  const fail = (message: string, param: string) => {
    sendError(response, { status: 400, type: "invalid_request_error", message, param }, openaiErrorBody);
    return true;
  };
  if (!isRecord(body) || typeof body.model !== "string" || typeof body.training_file !== "string") return fail("'model' and 'training_file' are required", "model");
  if (body.model.includes("not-tunable")) return fail(`Model ${body.model} is not available for fine-tuning or does not exist.`, "model");
  if (!state.files.has(body.training_file)) return fail(`invalid training_file: ${body.training_file}`, "training_file");
  const validationFile = typeof body.validation_file === "string" ? body.validation_file : null;
  if (validationFile !== null && !state.files.has(validationFile)) return fail(`invalid validation_file: ${validationFile}`, "validation_file");
  const method = isRecord(body.method) && isRecord(body.method.supervised) && isRecord(body.method.supervised.hyperparameters) ? body.method.supervised.hyperparameters : undefined;
  const settings = method ?? (isRecord(body.hyperparameters) ? body.hyperparameters : {});
  const number = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);
  const job: FineTuningJob = {
    id: state.nextId("ftjob-"),
    model: body.model,
    createdAt: Math.floor(Date.now() / 1000),
    status: "validating_files",
    trainingFile: body.training_file,
    validationFile,
    suffix: typeof body.suffix === "string" ? body.suffix : null,
    seed: number(body.seed, 42),
    hyperparameters: { n_epochs: number(settings.n_epochs, 3), batch_size: number(settings.batch_size, 1), learning_rate_multiplier: number(settings.learning_rate_multiplier, 1.8) },
    totalSteps: 3,
    step: 0,
    fineTunedModel: null,
    trainedTokens: null,
    error: null,
    events: [],
  };
  state.jobs.set(job.id, job);
  addEvent(state, job, "info", `Validating training file: ${job.trainingFile}`);
  sendJson(response, 200, jobBody(job));
  return true;
}

/** One stage per retrieve: validating -> queued -> running (a step each call) -> succeeded or failed. */
function advance(state: FineTuningState, job: FineTuningJob): void {
  if (job.status === "validating_files") {
    job.status = "queued";
    addEvent(state, job, "info", "Files validated, moving job to queued state");
  } else if (job.status === "queued") {
    job.status = "running";
    addEvent(state, job, "info", "Fine-tuning job started");
  } else if (job.status === "running" && job.step < job.totalSteps) {
    job.step += 1;
    const loss = Math.round((1.5 / job.step) * 1000) / 1000;
    addEvent(state, job, "info", `Step ${job.step}/${job.totalSteps}: training loss=${loss}`, "metrics", { step: job.step, total_steps: job.totalSteps, train_loss: loss });
  } else if (job.status === "running") {
    if (job.model.includes("fail-training")) {
      job.status = "failed";
      job.error = { code: "invalid_training_file", message: "The job failed due to an invalid training file.", param: "training_file" };
      addEvent(state, job, "error", job.error.message);
      return;
    }
    job.status = "succeeded";
    job.fineTunedModel = `ft:${job.model}:flywheel:${job.suffix ?? "model"}:${job.id.replace("ftjob-", "")}`;
    job.trainedTokens = 1234;
    addEvent(state, job, "info", "The job has successfully completed");
  }
}

function addEvent(state: FineTuningState, job: FineTuningJob, level: FineTuningEvent["level"], message: string, type: FineTuningEvent["type"] = "message", data?: Record<string, unknown>): void {
  job.events.push({ id: state.nextId("ftevent-"), createdAt: Math.floor(Date.now() / 1000), level, message, type, ...(data === undefined ? {} : { data }) });
}

function jobBody(job: FineTuningJob): Record<string, unknown> {
  return {
    object: "fine_tuning.job",
    id: job.id,
    model: job.model,
    created_at: job.createdAt,
    finished_at: ["succeeded", "failed", "cancelled"].includes(job.status) ? Math.floor(Date.now() / 1000) : null,
    fine_tuned_model: job.fineTunedModel,
    organization_id: "org-flywheel-test",
    result_files: [],
    status: job.status,
    validation_file: job.validationFile,
    training_file: job.trainingFile,
    hyperparameters: job.hyperparameters,
    trained_tokens: job.trainedTokens,
    error: job.error,
    seed: job.seed,
    suffix: job.suffix,
  };
}

function eventBody(event: FineTuningEvent): Record<string, unknown> {
  return { object: "fine_tuning.job.event", id: event.id, created_at: event.createdAt, level: event.level, message: event.message, type: event.type, ...(event.data === undefined ? {} : { data: event.data }) };
}
