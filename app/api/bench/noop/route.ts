// GET /api/bench/noop - does nothing through the route wrapper: the baseline bench/chat-throughput.ts compares chat turns with
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ surface: "api", access: "public" }, () => Response.json({ ok: true }));
