import { parse } from "csv-parse/sync";

/** One prompt read from a CSV prompt file. */
export interface CsvPrompt {
  template: string;
  /** The row's `label`, or one made as promptfoo makes it. */
  label: string;
  /** The entry's id, numbered per row when the file has several. */
  id?: string;
}

/**
 * Reads a CSV prompt file as promptfoo does: with a `prompt` column (and optional
 * `label`), one prompt per row that has a prompt; a file without commas (or that does
 * not parse) is one prompt per non-empty line, after an optional `prompt` header line.
 */
export function promptsFromCsv(content: string, named: { label?: string; id?: string }): CsvPrompt[] {
  return labelRows(csvRows(content), named);
}

function csvRows(content: string): { template: string; label?: string }[] {
  if (content.includes(",")) {
    try {
      const rows = parse(content, { columns: true, bom: true, relax_quotes: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
      return rows.filter((row) => row.prompt).map((row) => ({ template: row.prompt!, label: row.label || undefined }));
    } catch {
      // promptfoo falls back to one prompt per line.
    }
  }
  const lines = content.split(/\r?\n/).filter((line) => line.trim() !== "");
  const start = lines[0]?.trim().toLowerCase() === "prompt" ? 1 : 0;
  return lines.slice(start).map((template) => ({ template }));
}

// Labels as promptfoo gives them, made unique with a row suffix, since a provider's
// `prompts` filter matches them.
function labelRows(rows: { template: string; label?: string }[], named: { label?: string; id?: string }): CsvPrompt[] {
  const several = rows.length > 1;
  const used = new Set(rows.flatMap((row) => (row.label ? [row.label] : [])));
  return rows.map((row, index) => {
    let label = row.label ?? (named.label !== undefined ? (several ? `${named.label}: ${row.template}` : named.label) : `Prompt ${index + 1} - ${row.template}`);
    if (row.label === undefined) {
      const initial = label;
      for (let suffix = 1; used.has(label); suffix++) label = `${initial} (row ${index + 1}${suffix > 1 ? `.${suffix}` : ""})`;
      used.add(label);
    }
    const id = several && named.id !== undefined ? `${named.id}:${index + 1}` : named.id;
    return { template: row.template, label, ...(id === undefined ? {} : { id }) };
  });
}
