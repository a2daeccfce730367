// Runtime: wires config, store, tracing and the model registry into one Flywheel object,
// the composition root that the CLI, the server and library users start from.
export { createFlywheel } from "./create-flywheel.js";
export type { Flywheel, CreateFlywheelOptions } from "./create-flywheel.js";
export { applyTraceRetention } from "./apply-trace-retention.js";
