// The app's token counter: lib/ai/tokenizer.ts's app tokenizer behind the
// asynchronous API the chat uses. The compact vocabulary (~25 MB of typed arrays
// the GC never scans) made the worker thread it once ran in unnecessary; counts
// of texts seen before (the system prompt, history re-sent every turn) are memoised.
import { appTokenizer, type TokenizableContent } from "./tokenizer";

/** Loads the vocabulary (tens of milliseconds from the build's cache file). */
export async function startTokenCounter(): Promise<void> {
  appTokenizer.preload();
}

/** Tokens in each text (no special tokens added), in order. */
export async function countTexts(texts: readonly string[]): Promise<number[]> {
  return texts.map((text) => appTokenizer.countText(text));
}

export async function countText(text: string): Promise<number> {
  return appTokenizer.countText(text);
}

/** Prompt tokens of a request, as countContentsTokens() in lib/ai/tokenizer.ts counts them. */
export async function countPromptTokens(
  contents: string | readonly TokenizableContent[],
  systemInstruction?: string | TokenizableContent,
): Promise<number> {
  return appTokenizer.countContents(contents, systemInstruction);
}
