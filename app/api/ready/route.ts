// GET /api/ready - readiness: 200 when the database answers and every configured Gemini model is served, 503 with a reason when not.
import { route } from "@/lib/http/route";
import { checkModels } from "@/lib/ops/model-check";
import { checkDatabase } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

export const GET = route({ surface: "database", access: "public" }, async () => {
  const { latencyMs } = await checkDatabase();
  const models = await checkModels();
  return Response.json(
    { status: "ready", database: { latencyMs }, models },
    { headers: { "cache-control": "no-store" } },
  );
});
