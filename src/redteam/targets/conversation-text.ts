/** A conversation as one objective: the last user turn, with the earlier turns before it as context. */
export function conversationText(messages: readonly { role: "user" | "assistant"; content: string }[]): string {
  if (messages.length === 1) return messages[0]!.content;
  const earlier = messages.slice(0, -1).map((message) => `${message.role === "user" ? "User" : "You"}: ${message.content}`);
  return `Conversation so far:\n${earlier.join("\n")}\n\nUser: ${messages.at(-1)!.content}`;
}
