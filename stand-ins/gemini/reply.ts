// Decides what the offline model answers: a function call, an answer built on
// a tool result, a conversation summary, a title, or the ordinary markdown reply.
import { type Digest, firstWords } from "./digest";
import { banner, composeAnswer } from "./reply-markdown";

export type ReplyPlan =
  { kind: "text"; text: string } | { kind: "functionCall"; name: string; args: Record<string, unknown> };

// Asked to summarise: the verb, in the instruction's own opening paragraph. Not a
// summary the instruction carries (a chat's adds "Summary of the earlier part…"),
// which would turn every later answer of a long conversation into a summary.
const SUMMARY_REQUEST = /\bsummar(?:i[sz]e|i[sz]ing)\b/i;
const MAX_SUMMARY_TURNS = 8;
// Asked for a title: a short line and nothing else, as a real model answers.
const TITLE_REQUEST = /\btitle\b/i;
const TITLE_WORDS = 6;
const MAX_TOOL_FIELDS = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Case-insensitive whole-word match of `name` or its spaced form (get_weather → "get weather"). */
function mentions(text: string, name: string): boolean {
  const spaced = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2");
  return [name, spaced].some((form) => new RegExp(`(^|[^\\w])${escapeRegExp(form)}($|[^\\w])`, "i").test(text));
}

function chooseFunction(digest: Digest): string | undefined {
  if (digest.functionNames.length === 0 || digest.functionCallingMode === "NONE") return undefined;
  const callable =
    digest.allowedFunctionNames.length > 0
      ? digest.functionNames.filter((name) => digest.allowedFunctionNames.includes(name))
      : digest.functionNames;
  const named = callable.find((name) => mentions(digest.lastUserText, name));
  // Mode ANY forces a call, as on the real API.
  return named ?? (digest.functionCallingMode === "ANY" ? callable[0] : undefined);
}

function describeValue(value: unknown): string {
  const json = JSON.stringify(value) ?? "null";
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

function toolAnswer(digest: Digest): string {
  const lines = [banner(digest.model)];
  for (const response of digest.functionResponses) {
    const name = response.name ?? "tool";
    const fields = Object.entries(response.response ?? {}).slice(0, MAX_TOOL_FIELDS);
    lines.push("", `### Result of \`${name}\``, "", `Using the response of \`${name}\`:`, "");
    if (fields.length === 0) lines.push("- The function returned no fields.");
    for (const [key, value] of fields) lines.push(`- **${key}:** ${describeValue(value)}`);
  }
  lines.push("", "_Answer based on the function result above (offline emulator)._");
  return lines.join("\n");
}

/** Turns to summarise: the contents, or "Role: text" lines of a pasted transcript. */
function transcript(digest: Digest): { role: string; text: string }[] {
  if (digest.turns.length > 1) return digest.turns;
  const lines = digest.lastUserText.split("\n").map((line) => line.trim());
  const labelled = lines
    .map((line) => /^(user|human|assistant|model|ai)\s*:\s*(.+)$/i.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ role: /^(user|human)$/i.test(match[1]) ? "user" : "model", text: match[2] }));
  if (labelled.length > 0) return labelled;
  return lines.filter((line) => line !== "").map((text) => ({ role: "user", text }));
}

/** What a reply was about: its heading if it is one of ours, else its opening words. */
function gist(text: string): string {
  const heading = /^#{1,6}\s+(.+)$/m.exec(text);
  const body = text.replace(/^\*Offline Gemini emulator[^\n]*\n+/, "");
  return firstWords(heading ? heading[1] : body, 10);
}

function summary(digest: Digest): string {
  const turns = transcript(digest);
  const recent = turns.slice(-MAX_SUMMARY_TURNS);
  const users = turns.filter((turn) => turn.role === "user").length;
  const lines = [
    banner(digest.model, "summary"),
    "",
    `Summary of ${turns.length} messages (${users} from the user, ${turns.length - users} from the assistant):`,
  ];
  if (turns.length > recent.length) lines.push(`- ${turns.length - recent.length} older messages omitted.`);
  for (const turn of recent) {
    lines.push(
      turn.role === "user" ? `- User asked: ${firstWords(turn.text, 12)}` : `- Assistant answered: ${gist(turn.text)}`,
    );
  }
  return lines.join("\n");
}

/** The first user message's opening words, capitalised, without closing punctuation or an ellipsis. */
function title(digest: Digest): string {
  const first = transcript(digest).find((turn) => turn.role === "user")?.text ?? digest.lastUserText;
  const words = first
    .split(/\s+/)
    .filter((word) => word !== "")
    .slice(0, TITLE_WORDS)
    .join(" ");
  const bare = words.replace(/[\s,;:.!?…]+$/, "");
  return bare ? bare[0]!.toUpperCase() + bare.slice(1) : "New conversation";
}

export function planReply(digest: Digest): ReplyPlan {
  if (digest.functionResponses.length > 0) return { kind: "text", text: toolAnswer(digest) };
  const call = chooseFunction(digest);
  if (call) return { kind: "functionCall", name: call, args: {} };
  const instruction = digest.systemText.split(/\n\s*\n/)[0]!;
  if (SUMMARY_REQUEST.test(instruction)) return { kind: "text", text: summary(digest) };
  if (TITLE_REQUEST.test(instruction)) return { kind: "text", text: title(digest) };
  return { kind: "text", text: composeAnswer(digest) };
}
