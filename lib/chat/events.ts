// The chat stream's events and their wire format: Server-Sent Events, one JSON
// object per event, so browsers and scripts can read it with a plain fetch.
import type { TurnUsage } from "@/lib/budget/guard";
import type { MessageView } from "./conversations";

export type { TurnUsage };

export type ChatEvent =
  | {
      type: "meta";
      conversationId: string;
      userMessageId: string;
      messageId: string;
      model: string;
      routingReason: string;
      emulator: boolean;
    }
  /** The model changed mid-turn (fallback after retries); nothing had been streamed yet. */
  | { type: "model"; model: string; routingReason: string }
  | { type: "delta"; text: string }
  /** The stream broke after text and the model answers again: drop the text so far; deltas follow anew. */
  | { type: "restart"; reason: string }
  /** Part of the model's thought summary (shown collapsed as "Thinking"), apart from the answer. */
  | { type: "thinking"; text: string }
  | { type: "done"; status: MessageView["status"]; statusDetail: string | null; usage: TurnUsage; message: MessageView }
  /** After `done`, for a new conversation: the title the model wrote for it (stored). */
  | { type: "title"; conversationId: string; title: string }
  | { type: "error"; code: string; message: string };

const encoder = new TextEncoder();

export function eventText(event: ChatEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Several events in one chunk (one socket write). */
export function encodeEvents(texts: string[]): Uint8Array {
  return encoder.encode(texts.join(""));
}

/** Parses an SSE text buffer into events; returns the unparsed tail (used by the UI, tests and bench). */
export function parseEvents(buffer: string): { events: ChatEvent[]; rest: string } {
  const events: ChatEvent[] = [];
  const blocks = buffer.split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    const data = block
      .split("\n")
      .filter((l) => l.startsWith("data: "))
      .map((l) => l.slice(6))
      .join("\n");
    if (data) events.push(JSON.parse(data) as ChatEvent);
  }
  return { events, rest };
}
