// Fine-tuning: jobs on real engines (local LoRA through a Python worker, hosted fine-tuning
// APIs), run through the jobs layer; the tuned model lands in the catalog and is compared
// with its base on the dataset's test split.
export { startFineTune, runFineTuneJob, runFineTuneHandler } from "./start-finetune.js";
export type { StartFineTuneOptions, RunFineTuneJobOptions } from "./start-finetune.js";
export { fineTuneJobPayloadSchema, hyperparametersSchema, FINETUNE_QUEUE } from "./finetune-job.js";
export type { FineTuneJobPayload, Hyperparameters } from "./finetune-job.js";
export type { FineTuneEngine, EngineCheckRequest, EngineRunContext, FineTuneOutcome } from "./finetune-engine.js";
export { fineTuneEngine, fineTuneEngineNames, registerFineTuneEngine } from "./engine-registry.js";
export { localEngine } from "./engines/local/local-engine.js";
export { localDefaults, planLocalTraining, sweepDefaults } from "./engines/local/plan-local-training.js";
export type { LocalTrainingPlan } from "./engines/local/plan-local-training.js";
export { ensureTrainingEnvironment, readyTrainingEnvironment, TRAINING_ENVIRONMENT_SIZE } from "./engines/local/training-environment.js";
export type { TrainingEnvironment, TrainingEnvironmentOptions, SetupProgress } from "./engines/local/training-environment.js";
export { trainingPaths } from "./engines/local/python-paths.js";
export { runTrainingWorker } from "./engines/local/training-worker.js";
export type { TrainingRequest, WorkerEvent } from "./engines/local/worker-events.js";
export { PythonMissingError, TrainingSetupError, TrainingSetupRequiredError, TrainingWorkerError, UnsupportedBaseModelError } from "./finetune-errors.js";
export { compareModels } from "./compare/compare-models.js";
export type { CompareModelsOptions } from "./compare/compare-models.js";
export { compareFineTuneJob } from "./compare/compare-job.js";
export type { CompareJobOptions } from "./compare/compare-job.js";
export { comparisonToMarkdown, comparisonToText, percentagePoints } from "./compare/comparison-report.js";
export type { ComparisonReport, SuiteComparison, ModelSide, Verdict } from "./compare/comparison-report.js";
export { chatTarget, toModelMessages } from "./compare/chat-target.js";
export { createHostedEngine, openaiEngine } from "./engines/hosted/hosted-engine.js";
export type { HostedEngineSettings } from "./engines/hosted/hosted-engine.js";
export { createFineTuningApi, FineTuningApiError } from "./engines/hosted/fine-tuning-api.js";
export type { FineTuningApi, FineTuningApiSettings, ApiJob, ApiEvent } from "./engines/hosted/fine-tuning-api.js";
export { datasetEvalSuite, datasetAssertions } from "./compare/dataset-suite.js";
export type { DatasetAssertion, DatasetSuiteOptions } from "./compare/dataset-suite.js";
export { improve, gateVariables } from "./improve/improve.js";
export type { ImproveOptions } from "./improve/improve.js";
export { improveReportToMarkdown } from "./improve/improve-report.js";
export type { ImproveReport } from "./improve/improve-report.js";
export { parseGate } from "./improve/gate.js";
export type { Gate, GateVariables } from "./improve/gate.js";
