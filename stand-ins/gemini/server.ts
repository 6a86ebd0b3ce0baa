// Local Gemini emulator: a node:http server the real @google/genai SDK talks to
// via httpOptions.baseUrl, in both URL shapes: the Gemini Developer API
// (/v1beta/models/{m}:…) and Vertex AI (/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…).
// Used when no key or project is configured (dev server, tests, benchmarks). See README.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tokens } from "./tokens";
import { GeminiApiError, internalError, invalidJson, pathNotFound } from "./errors";
import { FaultState, parseFaults } from "./faults";
import { FileStore } from "./files";
import { readBody, sendError, sendJson } from "./http-io";
import { ImplicitCache } from "./implicit-cache";
import { authenticate, handleModelCall, servedModel, type ModelCallContext } from "./model-calls";
import { ModelRegistry } from "./models";
import { RequestLog } from "./request-log";
import type { Backend } from "./response";
import type { GeminiEmulator, GeminiEmulatorOptions, GeminiFaults, GeminiMethod } from "./types";

export type { GeminiEmulator, GeminiEmulatorOptions, GeminiFaults } from "./types";

const METHODS = "generateContent|streamGenerateContent|countTokens";
const GEMINI_ROUTE = new RegExp(`^/(?:v1beta|v1|v1alpha)/models/([^/:]+)(?::(${METHODS}))?$`);
const VERTEX_ROUTE = new RegExp(
  `^/(?:v1|v1beta1)/projects/([^/]+)/locations/([^/]+)/publishers/google/models/([^/:]+)(?::(${METHODS}))?$`,
);

// Vertex's models.get for a base model has no project/location prefix (the SDK's
// shouldPrependVertexProjectPath leaves GET publishers/google/models/* bare).
const VERTEX_PUBLISHER_MODEL = /^\/(?:v1|v1beta1)\/publishers\/google\/models\/([^/:]+)$/;

interface RouteMatch {
  backend: Backend;
  model: string;
  /** Undefined: GET of the model itself (models.get). */
  method?: GeminiMethod;
  project?: string;
  location?: string;
}

function matchRoute(pathname: string): RouteMatch | null {
  const g = GEMINI_ROUTE.exec(pathname);
  if (g) return { backend: "gemini-api", model: decodeURIComponent(g[1]!), method: g[2] as GeminiMethod | undefined };
  const p = VERTEX_PUBLISHER_MODEL.exec(pathname);
  if (p) return { backend: "vertex", model: decodeURIComponent(p[1]!) };
  const v = VERTEX_ROUTE.exec(pathname);
  if (v)
    return {
      backend: "vertex",
      project: decodeURIComponent(v[1]!),
      location: decodeURIComponent(v[2]!),
      model: decodeURIComponent(v[3]!),
      method: v[4] as GeminiMethod | undefined,
    };
  return null;
}

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
    state.models.cache.clear();
    state.models.files.clear();
    return sendJson(res, 200, { faults: state.faults.get() });
  }
  throw pathNotFound(path);
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAt = performance.now();
  const url = new URL(req.url ?? "/", "http://emulator.local");
  if (url.pathname.startsWith("/__emulator/")) return handleControl(state, req, res, url.pathname);
  if (/^\/(?:upload\/)?v1beta\/files(?:\/|$)/.test(url.pathname)) {
    const record = state.log.record("files", null, url.pathname);
    const owner = authenticate(state.models, req, { backend: "gemini-api", url });
    if (await state.models.files.handle(req, res, url, owner)) {
      record.status = res.statusCode;
      record.outcome = "ok";
      return;
    }
  }

  const match = matchRoute(url.pathname);
  const method = match?.method ?? "unknown";
  const record = state.log.record(method, match?.model ?? null, url.pathname);
  try {
    if (!match) throw pathNotFound(url.pathname);
    const call = { ...match, receivedAt, url, record };
    if (match.method === undefined) {
      // models.get: what the app's startup check asks for each configured model.
      if (req.method !== "GET") throw pathNotFound(url.pathname);
      authenticate(state.models, req, call);
      const served = servedModel(state.models, call, "get");
      record.status = 200;
      record.outcome = "ok";
      return sendJson(
        res,
        200,
        match.backend === "vertex" ? ModelRegistry.vertexResource(served) : ModelRegistry.geminiResource(served),
      );
    }
    if (req.method !== "POST") throw pathNotFound(url.pathname);
    await handleModelCall(state.models, req, res, { ...call, method: match.method });
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
 * Starts the emulator. Loads the tokenizer first (tens of milliseconds, once per process)
 * so no request pays for it. Port 0 picks a free port.
 */
export async function startGeminiEmulator(opts: GeminiEmulatorOptions = {}): Promise<GeminiEmulator> {
  tokens.preload();
  const initialFaults = parseFaults(opts.faults ?? {}, "faults option");
  const faults = new FaultState(initialFaults);
  const state: ServerState = {
    faults,
    initialFaults,
    log: new RequestLog(),
    models: {
      faults,
      models: new ModelRegistry(opts.models),
      cache: new ImplicitCache(opts.implicitCacheMinTokens),
      files: new FileStore(),
      apiKeys: opts.apiKeys,
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
      state.models.cache.clear();
      state.models.files.clear();
    },
    requests: () => state.log.list(),
  };
}
