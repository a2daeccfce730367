/**
 * A feed's bytes as text: in the charset its content-type names, else the one its XML
 * declaration names, else UTF-8 (an unknown charset reads as UTF-8 too).
 */
export function decodeFeedText(body: Uint8Array, contentType: string): string {
  const declared = /charset="?([\w.:-]+)/i.exec(contentType)?.[1] ?? /^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(new TextDecoder("latin1").decode(body.subarray(0, 200)))?.[1];
  try {
    return new TextDecoder(declared ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}
