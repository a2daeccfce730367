/** Splits `a, "b, c", d` into `["a", "b, c", "d"]`: commas inside double quotes do not split. */
export function commaSeparatedValues(text: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    else if (character === "," && !quoted) {
      values.push(current.trim());
      current = "";
    } else current += character;
  }
  values.push(current.trim());
  return values.filter((value) => value !== "");
}
