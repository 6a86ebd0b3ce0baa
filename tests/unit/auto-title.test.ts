import { describe, expect, it } from "vitest";
import { cleanTitle } from "@/lib/chat/auto-title";

describe("cleanTitle", () => {
  it("keeps one plain line: no quotes, markup, label or final full stop", () => {
    expect(cleanTitle('"Row level security in PostgreSQL."')).toBe("Row level security in PostgreSQL");
    expect(cleanTitle("## **Tenant isolation**\n\nA longer explanation")).toBe("Tenant isolation");
    expect(cleanTitle("Title: `SSE` streaming basics")).toBe("SSE streaming basics");
    expect(cleanTitle("\n\n«Choisir une base de données»")).toBe("Choisir une base de données");
    expect(cleanTitle("東京の天気。")).toBe("東京の天気");
  });

  it("fits the sidebar, and gives nothing for an empty answer", () => {
    expect(cleanTitle("word ".repeat(40))!.length).toBeLessThanOrEqual(60);
    expect(cleanTitle(' "" ')).toBeNull();
    expect(cleanTitle("\n  \n")).toBeNull();
  });
});
