// JSON endpoints under /__emulator/ for tests and scripts that drive the
// emulator over HTTP (Playwright, the benchmark, curl).
import { StripeApiError, invalidRequest } from "../core/errors";
import type { DeliveryMode, FlushOrder } from "../types";
import type { ConfigChanges, EmulatorControls } from "./controls";

export interface ControlResponse {
  status: number;
  body: unknown;
}

type Json = Record<string, unknown>;

export async function handleControl(
  controls: EmulatorControls,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
): Promise<ControlResponse> {
  try {
    const body = parseJson(rawBody);
    const parts = path
      .replace(/^\/__emulator\/?/, "")
      .split("/")
      .filter(Boolean)
      .map(decodeURIComponent);
    const key = `${method} ${parts[0] ?? ""}`;
    switch (key) {
      case "GET health":
        return ok({ ok: true });
      case "GET config":
        return ok(controls.config());
      case "POST config":
        controls.configure(body as ConfigChanges);
        return ok(controls.config());
      case "GET clock":
        return ok({ now: controls.now() });
      case "POST clock":
        if (parts[1] !== "advance") break;
        return ok(controls.advanceClock(numberField(body, "seconds")));
      case "POST customers":
        if (parts[2] !== "fail-payments" || !parts[1]) break;
        controls.setFailPayments(parts[1], body.fail !== false);
        return ok({ customer: parts[1], failPayments: body.fail !== false });
      case "POST delivery":
        controls.setDeliveryMode(body.mode as DeliveryMode);
        return ok(controls.config());
      case "POST flush":
        return ok(
          await controls.flush({
            order: body.order as FlushOrder | undefined,
            duplicate: body.duplicate === undefined ? undefined : numberField(body, "duplicate"),
            seed: body.seed === undefined ? undefined : numberField(body, "seed"),
          }),
        );
      case "GET events": {
        // `limit` keeps the newest N, for runs that emitted tens of thousands.
        const all = controls.events({ type: query.get("type") ?? undefined });
        const limit = Number(query.get("limit") ?? all.length);
        return ok({ data: all.slice(Math.max(0, all.length - limit)) });
      }
      case "POST resend":
        if (!parts[1]) break;
        return ok(await controls.resend(parts[1]));
      case "POST wait-idle":
        return ok({
          idle: await controls.waitForDeliveries(
            body.timeoutMs === undefined ? undefined : numberField(body, "timeoutMs"),
          ),
        });
      case "POST trigger":
        return ok({
          events: controls.trigger(
            String(body.type ?? ""),
            String(body.objectId ?? ""),
            body.count === undefined ? 1 : numberField(body, "count"),
          ),
        });
      case "POST reset":
        controls.reset();
        return ok({ ok: true });
    }
    return {
      status: 404,
      body: { error: { type: "invalid_request_error", message: `Unknown control endpoint: ${method} ${path}` } },
    };
  } catch (error) {
    if (error instanceof StripeApiError) return { status: error.status, body: error.toBody(null) };
    throw error;
  }
}

function ok(body: unknown): ControlResponse {
  return { status: 200, body };
}

function parseJson(text: string): Json {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Json;
  } catch {
    // Reported below with the same message as a non-object body.
  }
  throw invalidRequest("Control endpoints take a JSON object body.");
}

function numberField(body: Json, name: string): number {
  const value = body[name];
  if (typeof value !== "number" || !Number.isFinite(value)) throw invalidRequest(`'${name}' must be a number`, name);
  return value;
}
