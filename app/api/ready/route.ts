// GET /api/ready - readiness: 200 when the database answers, 503 with a reason when not.
import { route } from "@/lib/http/route";
import { checkDatabase } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

export const GET = route({ surface: "database", access: "public" }, async () => {
  const { latencyMs } = await checkDatabase();
  return Response.json({ status: "ready", database: { latencyMs } }, { headers: { "cache-control": "no-store" } });
});
