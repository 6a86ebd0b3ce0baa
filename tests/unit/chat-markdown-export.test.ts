// "Export as Markdown": who said what, the files a message carried, the sources
// an answer cited, what went wrong with a failed one; a safe file name.
import { describe, expect, it } from "vitest";
import type { MessageView } from "@/lib/chat/conversations";
import { conversationMarkdown, exportFileName } from "@/lib/chat/markdown-export";

const base: MessageView = {
  id: "m",
  role: "user",
  content: "",
  thinking: null,
  grounding: null,
  attachments: [],
  status: "complete",
  statusDetail: null,
  model: null,
  routingReason: null,
  inputTokens: 0,
  outputTokens: 0,
  thinkingTokens: 0,
  costMicros: 0,
  usageEstimated: false,
  createdAt: "2026-12-06T10:00:00.000Z",
};

describe("conversation as Markdown", () => {
  it("writes each message under its author, with files, sources and failures", () => {
    const md = conversationMarkdown(
      "Euro 2024",
      [
        {
          ...base,
          content: "Who won?",
          attachments: [
            {
              id: "a",
              name: "table.png",
              kind: "image",
              mimeType: "image/png",
              sizeBytes: 1,
              pages: null,
              tokenEstimate: 1,
              url: "/api/attachments/a",
            },
          ],
        },
        {
          ...base,
          role: "model",
          model: "gemini-3.8-flash",
          content: "Spain.",
          grounding: {
            queries: ["euro 2024"],
            sources: [{ uri: "https://x.example/a", title: "x.example" }],
            citations: [],
          },
        },
        { ...base, role: "model", content: "Half an", status: "partial", statusDetail: "The answer was cut off." },
        { ...base, role: "model", content: "", status: "error", statusDetail: "Gemini is busy." },
      ],
      new Date("2026-12-06T12:00:00Z"),
    );
    expect(md).toBe(
      [
        "# Euro 2024",
        "",
        "_Exported 2026-12-06_",
        "",
        "## You",
        "",
        "Attached: table.png",
        "",
        "Who won?",
        "",
        "## Assistant (gemini-3.8-flash)",
        "",
        "Spain.",
        "",
        "Sources:",
        "1. [x.example](https://x.example/a)",
        "",
        "## Assistant",
        "",
        "Half an",
        "",
        "> The answer was cut off.",
        "",
      ].join("\n"),
    );
  });

  it("names the file after the title, without path characters", () => {
    expect(exportFileName("Plans: Q1/Q2 ✨")).toBe("Plans-Q1-Q2.md");
    expect(exportFileName("../..")).toBe("conversation.md");
  });
});
