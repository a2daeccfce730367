import type { AssertionHandler } from "./assertion-types.js";

/** `redteam`: grades a red-team attack by its plugin's rule (passes when the target held); loaded on first use. */
export const redteam: AssertionHandler = async (input) => (await import("../../redteam/grade-attack.js")).gradeAttack(input);
