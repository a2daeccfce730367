import { useEffect, useRef, useState } from "react";
import { getJson } from "../api/request.js";
import { postForEvents } from "../api/server-sent-events.js";
import type { ModelsView } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { ModelOutput } from "../components/model-output.js";
import type { ModelRun } from "../components/model-output.js";
import { ParameterFields } from "../components/parameter-fields.js";
import type { Parameters } from "../components/parameter-fields.js";
import { SavePanel } from "../components/save-panel.js";
import { fillVariables, templateVariables } from "../template-variables.js";
import { useResource } from "../use-resource.js";

const MAX_MODELS = 6;

/** Run one prompt on several models side by side, streamed; save it as a prompt file or an eval suite. */
export function PlaygroundPage() {
  const catalog = useResource((signal) => getJson<ModelsView>("/api/models", {}, signal), "models");
  const [models, setModels] = useState<string[]>([]);
  const [system, setSystem] = useState("");
  const [prompt, setPrompt] = useState("");
  const [parameters, setParameters] = useState<Parameters>({});
  const [values, setValues] = useState<Record<string, string>>({});
  const [runs, setRuns] = useState<ModelRun[]>([]);
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const chatModels = catalog.data?.models.filter((model) => model.type === "chat").map((model) => model.id) ?? [];

  useEffect(() => {
    if (catalog.data === undefined || models.length > 0) return;
    const first = catalog.data.defaultModel;
    const second = catalog.data.models.find((model) => model.type === "chat" && model.id !== first && catalog.data!.providers.some((provider) => provider.name === model.provider && provider.keySet !== false));
    setModels(second === undefined ? [first] : [first, second.id]);
  }, [catalog.data, models.length]);

  const variables = templateVariables(system, prompt);
  const chosen = models.map((model) => model.trim()).filter((model) => model !== "");

  const run = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    setRunning(true);
    setRuns(chosen.map((model) => ({ model, text: "", state: "streaming" })));
    const update = (index: number, change: (run: ModelRun) => ModelRun) => setRuns((previous) => previous.map((item, position) => (position === index ? change(item) : item)));
    try {
      const body = {
        models: chosen,
        prompt: fillVariables(prompt, values),
        ...(system.trim() === "" ? {} : { system: fillVariables(system, values) }),
        ...parameters,
      };
      for await (const event of postForEvents("/api/playground/run", body, controller.signal)) {
        const data = JSON.parse(event.data) as Record<string, unknown> & { index: number };
        if (event.event === "text-delta") update(data.index, (item) => ({ ...item, text: item.text + String(data.delta) }));
        else if (event.event === "run-finish") update(data.index, (item) => ({ ...item, state: "done", finish: data as unknown as ModelRun["finish"] }));
        else if (event.event === "run-error") update(data.index, (item) => ({ ...item, state: "error", error: String(data.message), hint: data.hint === undefined ? undefined : String(data.hint) }));
      }
    } catch (caught) {
      if (!controller.signal.aborted) setError(caught);
      setRuns((previous) => previous.map((item) => (item.state === "streaming" ? { ...item, state: controller.signal.aborted ? "stopped" : "error" } : item)));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="playground">
      <h1>Playground</h1>
      {catalog.error !== undefined && <ErrorNote error={catalog.error} />}
      <div className="models-row">
        <datalist id="playground-models">
          {chatModels.map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        {models.map((model, index) => (
          <span className="model-pick" key={index}>
            <input aria-label={`Model ${index + 1}`} list="playground-models" value={model} onChange={(event) => setModels(models.map((item, position) => (position === index ? event.target.value : item)))} />
            {models.length > 1 && (
              <button type="button" className="icon" aria-label={`Remove model ${index + 1}`} onClick={() => setModels(models.filter((_item, position) => position !== index))}>
                ×
              </button>
            )}
          </span>
        ))}
        {models.length < MAX_MODELS && (
          <button type="button" onClick={() => setModels([...models, ""])}>
            + Add model
          </button>
        )}
      </div>
      <div className="prompt-grid">
        <label>
          System message
          <textarea name="system" rows={3} value={system} onChange={(event) => setSystem(event.target.value)} placeholder="You are a concise assistant." />
        </label>
        <label>
          Prompt
          <textarea name="prompt" rows={5} value={prompt} onChange={(event) => setPrompt(event.target.value)} placeholder="Write a haiku about {{topic}}" />
        </label>
      </div>
      {variables.length > 0 && (
        <fieldset className="variables">
          <legend>Variables</legend>
          {variables.map((name) => (
            <label key={name}>
              {name}
              <input name={`var-${name}`} value={values[name] ?? ""} onChange={(event) => setValues({ ...values, [name]: event.target.value })} />
            </label>
          ))}
        </fieldset>
      )}
      <ParameterFields value={parameters} onChange={setParameters} />
      <div className="actions">
        <button type="button" className="primary" disabled={running || chosen.length === 0 || prompt.trim() === ""} onClick={() => void run()}>
          Run {chosen.length > 1 ? `on ${chosen.length} models` : ""}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current?.abort()}>
            Stop
          </button>
        )}
      </div>
      {error !== undefined && <ErrorNote error={error} />}
      {runs.length > 0 && (
        <div className="outputs" style={{ gridTemplateColumns: `repeat(${Math.min(runs.length, 3)}, minmax(0, 1fr))` }}>
          {runs.map((item, index) => (
            <ModelOutput key={index} run={item} />
          ))}
        </div>
      )}
      <SavePanel models={chosen} system={system} prompt={prompt} parameters={parameters} variables={variables} values={values} />
    </section>
  );
}

