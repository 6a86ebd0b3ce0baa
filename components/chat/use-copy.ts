"use client";
// Copy to the clipboard with the outcome shown for a moment: "Copied", or
// "Copy failed" (the clipboard needs a secure context and permission; it says
// so rather than pretend).
import { useState } from "react";

export function useCopy() {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch (err) {
      console.warn("copy failed", err);
      setCopied("failed");
    }
    setTimeout(() => setCopied(null), 1500);
  };
  const label = (idle: string) => (copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : idle);
  return { copy, label };
}
