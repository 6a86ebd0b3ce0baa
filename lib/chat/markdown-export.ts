// A conversation as a Markdown document: its title, then each message under
// who wrote it (the model's name for answers), with the files a message carried
// and the sources a grounded answer cited. What "Export as Markdown" downloads.
import type { MessageView } from "./conversations";

export function conversationMarkdown(title: string, messages: readonly MessageView[], exportedAt = new Date()): string {
  const out = [`# ${title.replace(/\n/g, " ")}`, "", `_Exported ${exportedAt.toISOString().slice(0, 10)}_`];
  for (const m of messages) {
    if (m.role === "model" && !m.content) continue;
    out.push("", m.role === "user" ? "## You" : `## Assistant${m.model ? ` (${m.model})` : ""}`, "");
    if (m.attachments.length) {
      out.push(`Attached: ${m.attachments.map((a) => a.name).join(", ")}`, "");
    }
    out.push(m.content);
    if (m.status !== "complete" && m.statusDetail) out.push("", `> ${m.statusDetail}`);
    const sources = m.grounding?.sources ?? [];
    if (sources.length) {
      out.push("", "Sources:", ...sources.map((s, i) => `${i + 1}. [${s.title || s.uri}](${s.uri})`));
    }
  }
  return `${out.join("\n")}\n`;
}

/** A file name for the download: the title's letters and digits, never a path. */
export function exportFileName(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${base || "conversation"}.md`;
}
