// POST /api/bench/floor - the least a chat turn can cost on this stack, with none of
// the app's own work: the route wrapper, a JSON body, `roundTrips` trivial
// PostgreSQL round trips, then the SDK's streaming call (lib/ai/floor-stream.ts) with each chunk relayed as
// an SSE delta. The benchmarks print it beside the real turn, so what Next, the SDK
// and PostgreSQL cost by themselves is told apart from what the app adds.
// It calls the model outside any budget, so it answers only with BENCH_ROUTES=1.
import { z } from "zod";
import { floorStream } from "@/lib/ai/floor-stream";
import { modelFor } from "@/lib/ai/models";
import { env } from "@/lib/config/env";
import { ping, query } from "@/lib/db/sql";
import { AppError } from "@/lib/http/app-error";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const body = z.object({
  message: z.string().min(1).max(1_000),
  roundTrips: z.number().int().min(0).max(8).default(0),
});

const encoder = new TextEncoder();
const sse = (event: { type: string; text?: string }) =>
  encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);

export const POST = route({ surface: "api", access: "public", body }, async ({ req, body }) => {
  if (env().BENCH_ROUTES !== "1") throw new AppError("not_found:api", "Not found.");
  for (let i = 0; i < body.roundTrips; i++) await query(ping);
  const stream = await floorStream(modelFor("fast"), body.message, req.signal);
  let open = true; // false once the client has gone: nothing more may be enqueued
  return new Response(
    new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (event: Parameters<typeof sse>[0]) => open && controller.enqueue(sse(event));
        try {
          for await (const text of stream) send({ type: "delta", text });
          send({ type: "done" });
        } catch {
          send({ type: "error" });
        } finally {
          if (open) controller.close();
          open = false;
        }
      },
      cancel() {
        open = false;
      },
    }),
    { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" } },
  );
});
