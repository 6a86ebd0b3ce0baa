// The offline model's ordinary answer: markdown built only from the request,
// so it is deterministic, obviously canned, and exercises the app's renderer
// (heading, list, code fence, table) and its streaming over several chunks.
import { clauses, type Digest, firstWords, keywords, pick, stableHash } from "./digest";

const CODE_HINT =
  /\b(code|function|script|snippet|implement\w*|program|class|regex|typescript|javascript|python|bash|sql|ts|js)\b/i;
const COMPARE_HINT = /\b(compare|comparison|versus|vs\.?|difference between|differences between|better)\b/i;
const CONCISE_HINT = /\b(concise|brief|briefly|short|terse|one sentence)\b/i;

export function banner(model: string, extra?: string): string {
  return `*Offline Gemini emulator · ${model}${extra ? ` · ${extra}` : ""}*`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function title(text: string): string {
  const first = clauses(text)[0] ?? text;
  const cleaned = firstWords(first.replace(/[?!.:;]+$/, ""), 8);
  return cleaned === "" ? "Hello from the offline model" : capitalise(cleaned);
}

function camelName(words: string[]): string {
  const parts = words.slice(0, 2).map((word) => word.replace(/[^a-z0-9]/gi, ""));
  const name = parts.map((part, i) => (i === 0 ? part : capitalise(part))).join("");
  return /^[a-z]/i.test(name) ? name : "handleRequest";
}

function codeBlock(text: string, words: string[]): string {
  const topic = firstWords(text, 6).replace(/"/g, "'");
  const topical = words.filter((word) => !CODE_HINT.test(word));
  const list = (topical.length > 0 ? topical : ["example"]).slice(0, 3);
  const name = camelName(list);
  if (/\bpython\b|\bpy\b/i.test(text)) {
    const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return [
      "```python",
      `# Offline sketch for "${topic}"`,
      `def ${snake}(items: list[str]) -> list[str]:`,
      `    keywords = ${JSON.stringify(list)}`,
      "    return [item for item in items if any(word in item for word in keywords)]",
      "```",
    ].join("\n");
  }
  if (/\b(bash|shell|script)\b/i.test(text) && !/\b(typescript|javascript)\b/i.test(text)) {
    return [
      "```bash",
      `# Offline sketch for "${topic}"`,
      "set -euo pipefail",
      `for word in ${list.join(" ")}; do`,
      '  grep -rn "$word" "${1:-.}" || true',
      "done",
      "```",
    ].join("\n");
  }
  if (/\bsql\b/i.test(text)) {
    return [
      "```sql",
      `-- Offline sketch for "${topic}"`,
      `SELECT id, title FROM items WHERE title ILIKE '%${list[0]}%' ORDER BY id LIMIT 10;`,
      "```",
    ].join("\n");
  }
  return [
    "```ts",
    `// Offline sketch for "${topic}"`,
    `export function ${name}(items: string[]): string[] {`,
    `  const keywords = ${JSON.stringify(list)};`,
    "  return items.filter((item) => keywords.some((word) => item.includes(word)));",
    "}",
    "```",
  ].join("\n");
}

function comparedItems(text: string): [string, string] {
  const patterns = [
    /differences? between\s+(.+?)\s+and\s+(.+)/i,
    /compare\s+(.+?)\s+(?:and|with|to|against)\s+(.+)/i,
    /(\S+)\s+(?:vs\.?|versus)\s+(\S+)/i,
    /(\S+)\s+or\s+(\S+)/i,
  ];
  // Look only inside the clause that asks for the comparison.
  const clause = clauses(text).find((c) => COMPARE_HINT.test(c)) ?? text;
  for (const pattern of patterns) {
    const match = pattern.exec(clause);
    if (!match) continue;
    const clean = (item: string) =>
      firstWords(
        item
          .replace(/[?!.,;:]+.*$/s, "")
          .replace(/\s+(?:for|in|on|when|with|to|if)\s.*$/i, "")
          .trim(),
        4,
      );
    const [a, b] = [clean(match[1]), clean(match[2])];
    if (a !== "" && b !== "") return [a, b];
  }
  return ["Option A", "Option B"];
}

function compareTable(text: string, seed: number): string {
  const [a, b] = comparedItems(text);
  const strengths = ["simplicity", "performance", "ecosystem", "flexibility", "safety"];
  return [
    `| Aspect | ${a} | ${b} |`,
    "| --- | --- | --- |",
    `| Strength | ${pick(strengths, seed)} | ${pick(strengths, seed + 2)} |`,
    `| Trade-off | ${pick(strengths, seed + 3)} | ${pick(strengths, seed + 1)} |`,
    "| Offline verdict | depends on your needs | depends on your needs |",
  ].join("\n");
}

const POINT_LABELS = ["You asked", "Also", "Detail", "Constraint"];

/** The markdown answer to the last user message. */
export function composeAnswer(digest: Digest): string {
  const text = digest.lastUserText;
  const seed = stableHash(`${digest.model}\n${digest.systemText}\n${text}`);
  const concise = CONCISE_HINT.test(digest.systemText);
  const words = keywords(text, 4);
  const userTurns = digest.turns.filter((turn) => turn.role === "user").length;
  const lines = [banner(digest.model), ""];

  if (digest.systemText !== "") {
    lines.push(`> Following the system instruction: “${firstWords(digest.systemText, 12)}”`, "");
  }
  // Code and tables are long; fewer words around them keep the reply near 80-200 tokens.
  const withCode = !concise && CODE_HINT.test(text);
  const withTable = !concise && COMPARE_HINT.test(text);
  const extras = withCode || withTable;
  lines.push(`### ${title(text)}`, "");
  if (!extras) {
    const intros = [
      "Here is what I took from your message, answered offline without calling Gemini:",
      "A canned but message-specific reply from the local emulator:",
      "The offline model read your message and noted these points:",
    ];
    lines.push(pick(intros, seed), "");
  }
  const points = clauses(text)
    .slice(0, concise ? 1 : extras ? 2 : 3)
    .map((clause, i) => `- **${POINT_LABELS[i]}:** ${firstWords(clause, 12)}`);
  if (points.length === 0 && text !== "") points.push(`- **You said:** ${firstWords(text, 12)}`);
  if (words.length > 0) points.push(`- **Keywords:** ${words.map((word) => `\`${word}\``).join(", ")}`);
  if (!extras) {
    const wordCount = text.split(/\s+/).filter(Boolean).length;
    points.push(`- **Context:** message ${userTurns} of this conversation, ${wordCount} words`);
  }
  lines.push(...points);

  if (withCode) lines.push("", codeBlock(text, words));
  if (withTable) lines.push("", compareTable(text, seed));
  lines.push("", "_Set `GEMINI_API_KEY` to get real answers from Gemini._");
  return lines.join("\n");
}
