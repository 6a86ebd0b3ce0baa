// Local Gemini Developer API emulator: a node:http server the real
// @google/genai SDK talks to via httpOptions.baseUrl. Used when
// GEMINI_API_KEY is unset (dev server, tests, benchmarks). See README.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { preloadTokenizer } from "@/lib/ai/tokenizer";
import { GeminiApiError, internalError, invalidJson, pathNotFound } from "./errors";
import { FaultState, parseFaults } from "./faults";
import { readBody, sendError, sendJson } from "./http-io";
import { handleModelCall, type ModelCallContext } from "./model-calls";
import { RequestLog } from "./request-log";
import type { GeminiEmulator, GeminiEmulatorOptions, GeminiFaults, GeminiMethod } from "./types";

export type { GeminiEmulator, GeminiEmulatorOptions, GeminiFaults } from "./types";

export const DEFAULT_MODELS = ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.5-flash-lite"];

const MODEL_ROUTE = /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

interface ServerState {
  faults: FaultState;
  initialFaults: GeminiFaults;
  log: RequestLog;
  models: ModelCallContext;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.trim() === "") return {};
  try {
    return JSON.parse(body);
  } catch (err) {
    throw invalidJson((err as Error).message);
  }
}

/** Test-only control endpoints under /__emulator/. */
async function handleControl(state: ServerState, req: IncomingMessage, res: ServerResponse, path: string) {
  const route = `${req.method} ${path}`;
  if (route === "GET /__emulator/health") return sendJson(res, 200, { status: "ok" });
  if (route === "GET /__emulator/requests") return sendJson(res, 200, { requests: state.log.list() });
  if (route === "GET /__emulator/faults") return sendJson(res, 200, { faults: state.faults.get() });
  if (route === "POST /__emulator/faults") {
    state.faults.set(parseFaults(await readJson(req), "fault config"));
    return sendJson(res, 200, { faults: state.faults.get() });
  }
  if (route === "POST /__emulator/reset") {
    state.faults.set(state.initialFaults);
    state.log.clear();
    return sendJson(res, 200, { faults: state.faults.get() });
  }
  throw pathNotFound(path);
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAt = performance.now();
  const url = new URL(req.url ?? "/", "http://emulator.local");
  if (url.pathname.startsWith("/__emulator/")) return handleControl(state, req, res, url.pathname);

  const match = MODEL_ROUTE.exec(url.pathname);
  const method = (match?.[2] as GeminiMethod | undefined) ?? "unknown";
  const model = match ? decodeURIComponent(match[1]) : null;
  const record = state.log.record(method, model, url.pathname);
  try {
    if (!match || model === null || method === "unknown" || req.method !== "POST") throw pathNotFound(url.pathname);
    await handleModelCall(state.models, req, res, { model, method, receivedAt, url, record });
  } catch (err) {
    record.status = err instanceof GeminiApiError ? err.httpStatus : 500;
    record.outcome ??= err instanceof GeminiApiError ? "rejected" : "emulator-bug";
    throw err;
  }
}

function listener(state: ServerState) {
  return (req: IncomingMessage, res: ServerResponse) => {
    handle(state, req, res).catch((err: unknown) => {
      // Simulated failures are GeminiApiErrors; anything else is a bug in the
      // emulator, so it is logged before the client gets a generic 500.
      if (!(err instanceof GeminiApiError)) console.error("[gemini-emulator] unexpected error", err);
      const error = err instanceof GeminiApiError ? err : internalError();
      if (!res.headersSent) sendError(res, error);
      else res.destroy();
    });
  };
}

/**
 * Starts the emulator. Loads the tokenizer first (~2-3 s, once per process)
 * so no request pays for it. Port 0 picks a free port.
 */
export async function startGeminiEmulator(opts: GeminiEmulatorOptions = {}): Promise<GeminiEmulator> {
  preloadTokenizer();
  const initialFaults = parseFaults(opts.faults ?? {}, "faults option");
  const allowList = opts.models;
  const faults = new FaultState(initialFaults);
  const state: ServerState = {
    faults,
    initialFaults,
    log: new RequestLog(),
    models: {
      faults,
      // Any gemini-* id is accepted by default so a config bump to a newer
      // model keeps working offline; an explicit list is exact.
      isKnownModel: (model) =>
        allowList ? allowList.includes(model) : DEFAULT_MODELS.includes(model) || model.startsWith("gemini-"),
    },
  };

  const server = createServer(listener(state));
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets and streams in flight would hold close() open.
        server.closeAllConnections();
      }),
    setFaults: (faults) => state.faults.set(parseFaults(faults, "setFaults")),
    reset: () => {
      state.faults.set(initialFaults);
      state.log.clear();
    },
    requests: () => state.log.list(),
  };
}
