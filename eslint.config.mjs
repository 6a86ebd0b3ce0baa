import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { readdirSync } from "node:fs";

const domains = readdirSync(new URL("./lib", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/db/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // No silent catch {}: an empty handler must at least say why in a comment.
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    // Layers: app and components use lib; in lib a domain uses the ones beneath it,
    // lib/db uses only configuration and logging; the stand-ins are separate
    // programs, reached over HTTP at the URLs configuration gives. No cycles.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: "./lib",
              from: ["./app", "./components"],
              message: "lib serves app and components, not the reverse.",
            },
            {
              target: "./lib/db",
              from: "./lib",
              except: ["./db", "./config", "./log"],
              message: "lib/db is beneath every domain: only configuration and logging.",
            },
            {
              target: "./lib/ai",
              from: "./lib",
              except: ["./ai", "./config", "./log"],
              message: "lib/ai talks to Gemini and knows no budgets, chats or users.",
            },
            {
              target: domains.filter((d) => d !== "chat").map((d) => `./lib/${d}`),
              from: "./lib/chat",
              message: "Chat is the top domain: the ones beneath it do not import it.",
            },
            {
              target: ["./app", "./components", "./lib"],
              from: "./stand-ins",
              message: "Stand-ins run as separate services; reach them over HTTP through lib/config.",
            },
          ],
        },
      ],
    },
  },
  {
    // The Gemini SDK is lib/ai's: the rest of the product calls Gemini through it.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/ai/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@google/genai", message: "Call Gemini through lib/ai (stream-model, generate, ...)." }] },
      ],
    },
  },
  {
    // SQL text lives in each domain's statements.ts (lib/db/README.md); a statement
    // that spans domains is composed in the one file of the step it serves.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/*/statements.ts", "lib/db/**", "lib/budget/admit.ts", "lib/chat/settle-with-answer.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "TaggedTemplateExpression[tag.name='sql']",
          message: "Write SQL in the domain's statements.ts and call its builder here.",
        },
      ],
    },
  },
];

export default config;
