/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename?: string;
  content: string;
}

/** Splits a multipart/form-data body (read as text) into its parts; undefined when it is not one. */
export function parseMultipartForm(body: string, contentType: string | undefined): FormPart[] | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (boundary === null) return undefined;
  const marker = `--${boundary[1] ?? boundary[2]!}`;
  const parts: FormPart[] = [];
  for (const chunk of body.split(marker).slice(1)) {
    if (chunk.startsWith("--")) break;
    const headerEnd = chunk.indexOf("\r\n\r\n");
    if (headerEnd === -1) continue;
    const headers = chunk.slice(0, headerEnd);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) continue;
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    parts.push({ name, ...(filename === undefined ? {} : { filename }), content: chunk.slice(headerEnd + 4).replace(/\r\n$/, "") });
  }
  return parts;
}
