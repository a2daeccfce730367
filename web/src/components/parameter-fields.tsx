/** Model parameters the playground sends; unset ones use the model's defaults. */
export interface Parameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
}

const fields: { key: keyof Parameters; label: string; min: number; max?: number; step: string }[] = [
  { key: "temperature", label: "Temperature", min: 0, max: 2, step: "0.1" },
  { key: "maxTokens", label: "Max tokens", min: 1, max: 32768, step: "1" },
  { key: "topP", label: "Top p", min: 0, max: 1, step: "0.05" },
  { key: "seed", label: "Seed", min: 0, step: "1" },
];

/** Number inputs for the model parameters; an empty field leaves the parameter unset. */
export function ParameterFields(props: { value: Parameters; onChange: (value: Parameters) => void }) {
  return (
    <fieldset className="parameters">
      <legend>Parameters</legend>
      {fields.map((field) => (
        <label key={field.key}>
          {field.label}
          <input
            type="number"
            name={field.key}
            className="narrow"
            min={field.min}
            max={field.max}
            step={field.step}
            placeholder="default"
            value={props.value[field.key] ?? ""}
            onChange={(event) => {
              const next = { ...props.value };
              const number = event.target.valueAsNumber;
              if (event.target.value === "" || !Number.isFinite(number)) delete next[field.key];
              else next[field.key] = number;
              props.onChange(next);
            }}
          />
        </label>
      ))}
    </fieldset>
  );
}
