// Reads what the offline "model" needs out of a generate request: who said
// what, the last user message, the system instruction and the tools.
import type { Content, FunctionResponse } from "@google/genai";
import { stripMarkers } from "./faults";
import type { WireGenerateRequest } from "./types";

export interface Digest {
  model: string;
  systemText: string;
  /** Text of each content, markers removed, in order. */
  turns: { role: "user" | "model"; text: string }[];
  /** Raw text of every user content, markers kept (for marker parsing). */
  rawUserTexts: string[];
  lastUserText: string;
  /** functionResponse parts of the last content, if it is a tool result. */
  functionResponses: FunctionResponse[];
  functionNames: string[];
  functionCallingMode: string;
  allowedFunctionNames: string[];
}

function textOf(content: Content | undefined): string {
  return (content?.parts ?? [])
    .map((part) => (typeof part.text === "string" && !part.thought ? part.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

export function digestRequest(model: string, request: WireGenerateRequest): Digest {
  const turns: Digest["turns"] = [];
  const rawUserTexts: string[] = [];
  for (const content of request.contents) {
    const role = content.role === "model" ? "model" : "user";
    const raw = textOf(content);
    if (role === "user") rawUserTexts.push(raw);
    const text = stripMarkers(raw);
    if (text !== "") turns.push({ role, text });
  }
  const last = request.contents[request.contents.length - 1];
  const functionResponses = (last?.parts ?? [])
    .map((part) => part.functionResponse)
    .filter((response): response is FunctionResponse => response !== undefined);
  const lastUser = [...turns].reverse().find((turn) => turn.role === "user");
  const callingConfig = request.toolConfig?.functionCallingConfig;
  return {
    model,
    systemText: stripMarkers(textOf(request.systemInstruction)),
    turns,
    rawUserTexts,
    lastUserText: lastUser?.text ?? "",
    functionResponses,
    functionNames: (request.tools ?? [])
      .flatMap((tool) => tool.functionDeclarations ?? [])
      .map((declaration) => declaration.name)
      .filter((name): name is string => typeof name === "string" && name !== ""),
    functionCallingMode: String(callingConfig?.mode ?? "AUTO"),
    allowedFunctionNames: callingConfig?.allowedFunctionNames ?? [],
  };
}

const STOPWORDS = new Set(
  (
    "about above after again also because been before being below between both could does doing down during each " +
    "from further have having here into just more most only other over same should some such than that their them " +
    "then there these they this those through under until very what when where which while will with would your " +
    "yours please want need make like know tell give show explain write using used need thanks thank hello"
  ).split(" "),
);

/** Distinct content words in order of appearance, lowercased. */
export function keywords(text: string, limit: number): string[] {
  const seen = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}+#'-]*/gu) ?? []) {
    if (word.length < 4 || STOPWORDS.has(word) || seen.has(word)) continue;
    seen.add(word);
    if (seen.size === limit) break;
  }
  return [...seen];
}

/** The first `limit` words of `text`, with an ellipsis if anything was cut. */
export function firstWords(text: string, limit: number): string {
  const words = text.split(/\s+/).filter((word) => word !== "");
  const head = words.slice(0, limit).join(" ");
  return words.length > limit ? `${head.replace(/[,;:.!?]+$/, "")}…` : head;
}

/** Sentences or clauses of a message, each at least two words. */
export function clauses(text: string): string[] {
  return text
    .split(/(?<=[.?!;])\s+|\n+/)
    .map((clause) => clause.trim().replace(/^[-*>#\d.)\s]+/, ""))
    .filter((clause) => clause.split(/\s+/).length >= 2);
}

/** Small stable hash (FNV-1a) so phrasing varies by message but never by run. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function pick<T>(options: readonly T[], seed: number): T {
  return options[seed % options.length];
}
