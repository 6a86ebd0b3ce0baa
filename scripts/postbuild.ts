// Next's standalone output leaves static assets out; copy them in as the
// Dockerfile does, so `npm start` serves exactly what the image would.
import fs from "node:fs";
import { writeVocabCache } from "../lib/ai/gemma-vocab-file";

fs.cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
if (fs.existsSync("public")) fs.cpSync("public", ".next/standalone/public", { recursive: true });
console.log("Copied .next/static and public into .next/standalone");

// The token counter's compact vocabulary, so the server loads it in tens of
// milliseconds instead of compiling it from tokenizer.json at every start (and
// the image's code stays read-only to the app).
writeVocabCache(".next/standalone");
console.log("Compiled the token counter's vocabulary into .next/standalone/node_modules/.cache");
