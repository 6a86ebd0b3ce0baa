// GET /api/health - liveness: the process answers; touches nothing else.
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ surface: "api", access: "public" }, () =>
  Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } }),
);
