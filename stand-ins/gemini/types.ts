// Wire shapes of the Gemini Developer API (v1beta, REST/JSON) as the emulator
// reads and writes them. Field types come from the installed SDK so `tsc`
// flags drift between what we send and what @google/genai expects.
import type { RandomFaults } from "./fault-rates";
import type {
  Candidate,
  Content,
  GenerateContentResponsePromptFeedback,
  GenerateContentResponseUsageMetadata,
  GenerationConfig,
  Tool,
  ToolConfig,
} from "@google/genai";

export type GeminiMethod = "generateContent" | "streamGenerateContent" | "countTokens";

/** Body of generateContent / streamGenerateContent after the SDK's transforms. */
export interface WireGenerateRequest {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  generationConfig?: GenerationConfig;
  cachedContent?: string;
}

/** Body of countTokens: bare contents, or a whole generate request. */
export interface WireCountTokensRequest {
  contents?: Content[];
  generateContentRequest?: WireGenerateRequest & { model?: string };
}

/** One response, or one SSE chunk of a stream (same shape on the wire). */
export interface WireGenerateResponse {
  candidates?: Candidate[];
  promptFeedback?: GenerateContentResponsePromptFeedback;
  usageMetadata?: GenerateContentResponseUsageMetadata;
  modelVersion: string;
  responseId: string;
}

/** The `error` member of a google.rpc.Status error body. */
export interface WireErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    details?: Record<string, unknown>[];
  };
}

export type FaultStatus = 400 | 429 | 500 | 503;

export interface ErrorFault {
  status: FaultStatus;
  /** How many matching requests fail before this rule is spent. */
  times: number;
  /** Only requests for this exact model id match (default: any model). */
  model?: string;
  /** Only these methods match (default: generateContent and streamGenerateContent). */
  methods?: GeminiMethod[];
  /** 429 only: the RetryInfo delay (default 2); null sends the 429 without RetryInfo. */
  retryDelaySeconds?: number | null;
}

export type BlockReasonName = "SAFETY" | "OTHER" | "BLOCKLIST" | "PROHIBITED_CONTENT";

/** Everything that can go wrong on purpose. Replaced as a whole, never merged. */
export interface GeminiFaults {
  /** Delay before the first byte of a generate response (also before errors). */
  latencyMs?: number;
  /** Only requests for this exact model id wait latencyMs (default: every model). */
  latencyModel?: string;
  /** Delay between SSE chunks. */
  chunkIntervalMs?: number;
  /** Rules tried in order; the first unspent match fails the request. */
  errors?: ErrorFault[];
  /** Destroy the socket after this many SSE chunks (no finishReason, no usage). */
  cutStreamAfterChunks?: number;
  /** After this many chunks, send an in-stream error event and end the stream. */
  streamErrorAfterChunks?: { chunks: number; status: 500 | 503 };
  /** Block every prompt with this reason (promptFeedback, no candidates). */
  blockPrompt?: BlockReasonName;
  /** Faults by chance (per-kind probability, seeded) or by script: see fault-rates.ts. */
  random?: RandomFaults;
}

export interface RecordedRequest {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  method: GeminiMethod | "files" | "unknown";
  model: string | null;
  path: string;
  /** HTTP status sent; null while a response is still in progress. */
  status: number | null;
  /** What the emulator did, e.g. "ok", "fault:429", "blocked", "cut". */
  outcome: string | null;
}

export interface GeminiEmulatorOptions {
  port?: number;
  host?: string;
  faults?: GeminiFaults;
  /** Served model ids, exactly. Default: the product's model catalog (lib/ai/catalog.ts). */
  models?: string[];
  /** Accepted API keys; any other answers 400 API_KEY_INVALID. Default: any non-empty key. */
  apiKeys?: string[];
  /** Smallest prefix (tokens) the implicit cache reuses (default 1,024, the API's minimum for Flash). */
  implicitCacheMinTokens?: number;
}

export interface GeminiEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  setFaults(faults: GeminiFaults): void;
  reset(): void;
  /** Requests received since start or the last reset(), oldest first. */
  requests(): RecordedRequest[];
}
