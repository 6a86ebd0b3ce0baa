// Citation marks go after the span their sources support, located by the API's
// UTF-8 byte offsets, also after characters of several bytes.
import { describe, expect, it } from "vitest";
import type { Grounding } from "@/lib/ai/grounding";
import { charIndexAtByte, withCitations } from "@/lib/chat/citations";

const sources = [
  { uri: "https://a.example/1", title: "a.example" },
  { uri: "https://b.example/2", title: "b.example" },
];
const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("citations", () => {
  it("maps byte offsets to string indices across multi-byte characters", () => {
    expect(charIndexAtByte("héllo", 3)).toBe(2);
    expect(charIndexAtByte("héllo", 2)).toBeNull(); // inside é
    expect(charIndexAtByte("a😀b", 5)).toBe(3);
    expect(charIndexAtByte("abc", 9)).toBeNull();
  });

  it("numbers each span's sources after it, and leaves text without citations alone", () => {
    const text = "Spain won — 2024. The final was in Berlin.";
    const first = "Spain won — 2024.";
    const grounding: Grounding = {
      queries: ["euro 2024 winner"],
      sources,
      citations: [
        { start: 0, end: bytes(first), sources: [0] },
        { start: bytes(first) + 1, end: bytes(text), sources: [0, 1] },
      ],
    };
    expect(withCitations(text, grounding)).toBe(
      "Spain won — 2024. [\\[1\\]](https://a.example/1) The final was in Berlin. [\\[1\\]](https://a.example/1)[\\[2\\]](https://b.example/2)",
    );
    expect(withCitations(text, null)).toBe(text);
    expect(withCitations("cut", { ...grounding })).toBe("cut");
  });
});
