import { FlywheelError } from "../errors/index.js";
import type { Flywheel } from "../runtime/index.js";

/**
 * Refuses (400) an id that is not `provider:model` for a provider the registry knows. Files the
 * workbench writes (eval suites, prompt files) are run later, so a request must never be able to
 * name code there: a `file://` module, a `python:`/`exec:` script, an HTTP endpoint, an agent.
 */
export function checkModelId(flywheel: Flywheel, id: string, field: string): void {
  const providers = flywheel.models.providerNames();
  const provider = /^([a-z][a-z0-9-]*):\S+$/.exec(id)?.[1];
  if (provider === undefined || !providers.includes(provider)) {
    throw new FlywheelError({
      code: "invalid-request",
      message: `${field}: "${id}" is not a model id of a configured provider`,
      hint: `use provider:model with one of ${providers.join(", ")}; code providers (file://, python:) go in a suite file by hand`,
    });
  }
}
