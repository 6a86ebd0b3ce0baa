// A conversation's automatic title, from its first message: the first line,
// trimmed to fit the sidebar. Shared by the server (stored) and the chat screen
// (shown at once, before the reload that would read it back).
export function titleFrom(message: string): string {
  const line = message.replace(/\s+/g, " ").trim();
  if (line.length <= 60) return line || "New chat";
  return `${line.slice(0, 57).trimEnd()}…`;
}
