import { useState } from "react";
import { postJson } from "../api/request.js";
import { ErrorNote } from "./error-note.js";
import type { Parameters } from "./parameter-fields.js";

/** What the save actions write. */
export interface SavePanelProps {
  models: string[];
  system: string;
  prompt: string;
  parameters: Parameters;
  variables: string[];
  values: Record<string, string>;
}

/**
 * Save the playground as a prompt file (`prompts/<name>.prompt.md`), or as an eval suite
 * (`evals/<name>.yaml`: the prompt file, the chosen models, and the collected test cases).
 */
export function SavePanel(props: SavePanelProps) {
  const [name, setName] = useState("");
  const [tests, setTests] = useState<Record<string, string>[]>([]);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<unknown>();
  const ready = /^[a-z0-9][a-z0-9-_]{0,63}$/i.test(name) && props.prompt.trim() !== "";
  const common = {
    name,
    prompt: props.prompt,
    ...(props.system.trim() === "" ? {} : { system: props.system }),
    ...props.parameters,
  };
  const act = async (action: () => Promise<string>) => {
    setError(undefined);
    setSaved(undefined);
    try {
      setSaved(await action());
    } catch (caught) {
      setError(caught);
    }
  };
  const savePrompt = () => act(async () => (await postJson<{ file: string }>("/api/playground/save", { ...common, ...(props.models[0] === undefined ? {} : { model: props.models[0] }) })).file);
  const sendToSuite = () =>
    act(async () => {
      const cases = tests.length > 0 ? tests : [currentVars()];
      const answer = await postJson<{ suiteFile: string; promptFile: string }>("/api/evals/suites", { ...common, models: props.models, tests: cases.map((vars) => ({ vars })) });
      return `${answer.suiteFile} (prompt: ${answer.promptFile})`;
    });
  const currentVars = () => Object.fromEntries(props.variables.map((variable) => [variable, props.values[variable] ?? ""]));
  return (
    <fieldset className="save">
      <legend>Save</legend>
      <label>
        Name
        <input name="save-name" placeholder="e.g. greeting" value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="button" disabled={!ready} onClick={() => void savePrompt()}>
        Save as prompt file
      </button>
      <button type="button" disabled={!ready || props.models.length === 0} onClick={() => void sendToSuite()}>
        Send to eval suite
      </button>
      {props.variables.length > 0 && (
        <button type="button" onClick={() => setTests([...tests, currentVars()])}>
          Add variables as test case ({tests.length})
        </button>
      )}
      {saved !== undefined && (
        <p className="note ok" role="status">
          Saved {saved}
        </p>
      )}
      {error !== undefined && <ErrorNote error={error} />}
    </fieldset>
  );
}
