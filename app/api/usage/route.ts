// GET /api/usage - the caller's token use and limits today and this month, with reset times
import { usageReport } from "@/lib/budget/usage-report";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(
  { surface: "api", access: "identified", credentials: { apiKey: "read" } },
  async ({ identity }) => {
    // access "identified" guarantees an identity here.
    const report = await usageReport(identity.userId);
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  },
);
