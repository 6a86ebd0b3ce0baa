// "Download my data" lists what was done to the account, and by whom in words:
// never the id or IP address of the administrator who did it.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as exportData } from "@/app/api/account/export/route";
import { PATCH as setTier } from "@/app/api/admin/users/[id]/tier/route";
import { getDb } from "@/lib/db/client";
import { createAdmin, sessionCookieFor } from "../helpers/auth";

describe("data export", () => {
  it("shows an administrator's action on the account without their id or IP", async () => {
    const admin = await createAdmin();
    const user = await getDb().user.create({ data: { email: `export-${Date.now()}@example.com` } });
    const changed = await setTier(
      new NextRequest(`http://localhost/api/admin/users/${user.id}/tier`, {
        method: "PATCH",
        headers: {
          cookie: await sessionCookieFor(admin.id),
          "content-type": "application/json",
          "x-forwarded-for": "203.0.113.99",
        },
        body: JSON.stringify({ tierOverride: "pro" }),
      }),
      { params: Promise.resolve({ id: user.id }) },
    );
    expect(changed.status).toBe(200);

    const res = await exportData(
      new NextRequest("http://localhost/api/account/export", {
        headers: { cookie: await sessionCookieFor(user.id), "x-forwarded-for": "198.51.100.1" },
      }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(admin.id);
    expect(text).not.toContain("203.0.113.99");
    const data = JSON.parse(text) as { audit: { action: string; by: string }[] };
    expect(data.audit.find((a) => a.action === "admin.budget_override")?.by).toBe("an administrator");
  });
});
