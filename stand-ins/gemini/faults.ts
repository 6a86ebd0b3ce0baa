// Fault injection: the configured faults (constructor, env var, control
// endpoint) plus per-message markers, folded into one plan per request.
import { z } from "zod";
import { faultError, GeminiApiError, invalidArgument } from "./errors";
import { applyFault, FaultDice, randomFaultsSchema } from "./fault-rates";
import type { BlockReasonName, GeminiFaults, GeminiMethod } from "./types";

const methodSchema = z.enum(["generateContent", "streamGenerateContent", "countTokens"]);
const count = z.number().int().min(0);

// Strict objects: a typo such as `latency` would otherwise silently do nothing.
const faultsSchema = z.strictObject({
  latencyMs: count.optional(),
  latencyModel: z.string().min(1).optional(),
  chunkIntervalMs: count.optional(),
  errors: z
    .array(
      z.strictObject({
        status: z.union([z.literal(400), z.literal(429), z.literal(500), z.literal(503)]),
        times: z.number().int().min(1),
        model: z.string().min(1).optional(),
        methods: z.array(methodSchema).min(1).optional(),
        retryDelaySeconds: count.nullable().optional(),
      }),
    )
    .optional(),
  cutStreamAfterChunks: count.optional(),
  streamErrorAfterChunks: z
    .strictObject({ chunks: count, status: z.union([z.literal(500), z.literal(503)]) })
    .optional(),
  blockPrompt: z.enum(["SAFETY", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT"]).optional(),
  random: randomFaultsSchema.optional(),
}) satisfies z.ZodType<GeminiFaults>;

/** Validates untrusted fault config (control endpoint body, env var). */
export function parseFaults(input: unknown, source: string): GeminiFaults {
  const parsed = faultsSchema.safeParse(input);
  if (!parsed.success) throw invalidArgument(`${source}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Reads GEMINI_EMULATOR_FAULTS (JSON); unset or empty means no faults. */
export function faultsFromEnv(value: string | undefined): GeminiFaults {
  if (!value || value.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (err) {
    throw invalidArgument(`GEMINI_EMULATOR_FAULTS is not valid JSON: ${(err as Error).message}`);
  }
  return parseFaults(json, "GEMINI_EMULATOR_FAULTS");
}

const DEFAULT_ERROR_METHODS: GeminiMethod[] = ["generateContent", "streamGenerateContent"];
const SLOW_MARKER_LATENCY_MS = 2_000;
const SLOW_MARKER_INTERVAL_MS = 250;
const CUT_MARKER_CHUNKS = 2;
const MARKER_RETRY_DELAY_SECONDS = 1;

const MARKER = /\[\[(block|slow|cut|429|500|503)\]\]/gi;

/** Markers typed into messages, for poking at the app by hand. */
export interface Markers {
  /** `[[block]]` in any user message. */
  block: boolean;
  /** The rest only count in the last user message. */
  slow: boolean;
  cut: boolean;
  errorStatus?: 429 | 500 | 503;
}

export function readMarkers(userTexts: string[]): Markers {
  const markers: Markers = { block: false, slow: false, cut: false };
  userTexts.forEach((text, index) => {
    const isLast = index === userTexts.length - 1;
    for (const match of text.matchAll(MARKER)) {
      const name = match[1].toLowerCase();
      if (name === "block") markers.block = true;
      else if (!isLast) continue;
      else if (name === "slow") markers.slow = true;
      else if (name === "cut") markers.cut = true;
      else markers.errorStatus = Number(name) as 429 | 500 | 503;
    }
  });
  return markers;
}

export function stripMarkers(text: string): string {
  return text
    .replace(MARKER, "")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/** What one request should suffer. */
export interface RequestPlan {
  latencyMs: number;
  chunkIntervalMs: number;
  error?: GeminiApiError;
  faultLabel?: string;
  blockReason?: BlockReasonName;
  cutAfterChunks?: number;
  streamError?: { chunks: number; status: 500 | 503 };
}

export class FaultState {
  private faults: GeminiFaults = {};
  /** Uses left per entry of faults.errors, same order. */
  private remaining: number[] = [];
  /** faults.random: faults by chance or by script (fault-rates.ts). */
  private dice = new FaultDice();

  constructor(faults: GeminiFaults = {}) {
    this.set(faults);
  }

  /** Replaces the whole config and re-arms every error rule. */
  set(faults: GeminiFaults): void {
    this.faults = structuredClone(faults);
    this.remaining = (faults.errors ?? []).map((rule) => rule.times);
    this.dice.set(faults.random);
  }

  get(): GeminiFaults {
    return structuredClone(this.faults);
  }

  plan(method: GeminiMethod, model: string, markers: Markers): RequestPlan {
    const faults = this.faults;
    const latencyMs = faults.latencyModel === undefined || faults.latencyModel === model ? (faults.latencyMs ?? 0) : 0;
    const plan: RequestPlan = {
      latencyMs: Math.max(latencyMs, markers.slow ? SLOW_MARKER_LATENCY_MS : 0),
      chunkIntervalMs: Math.max(faults.chunkIntervalMs ?? 0, markers.slow ? SLOW_MARKER_INTERVAL_MS : 0),
      blockReason: faults.blockPrompt ?? (markers.block ? "SAFETY" : undefined),
      cutAfterChunks: faults.cutStreamAfterChunks ?? (markers.cut ? CUT_MARKER_CHUNKS : undefined),
      streamError: faults.streamErrorAfterChunks,
    };
    const rules = faults.errors ?? [];
    const index = rules.findIndex(
      (rule, i) =>
        this.remaining[i] > 0 &&
        (rule.model === undefined || rule.model === model) &&
        (rule.methods ?? DEFAULT_ERROR_METHODS).includes(method),
    );
    if (index >= 0) {
      this.remaining[index] -= 1;
      const rule = rules[index];
      plan.error = faultError(rule.status, model, rule.retryDelaySeconds);
      plan.faultLabel = `fault:${rule.status}`;
    } else if (markers.errorStatus && method !== "countTokens") {
      plan.error = faultError(markers.errorStatus, model, MARKER_RETRY_DELAY_SECONDS);
      plan.faultLabel = `marker:${markers.errorStatus}`;
    }
    const drawn = this.dice.draw(method);
    if (drawn) applyFault(plan, drawn, model, method);
    return plan;
  }
}
