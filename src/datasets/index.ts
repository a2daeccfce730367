// Datasets: human feedback on traces, and (next) versioned datasets built from traces,
// eval results and feedback, cleaned, split and exported for fine-tuning.
export { addFeedback, feedbackInputSchema } from "./feedback.js";
export type { FeedbackInput } from "./feedback.js";
