// Signed events retrying cannot fix: malformed ones are refused with 400, one
// for a customer Stripe does not know is acknowledged; both are recorded as
// "ignored" with the reason (the admin webhook log shows them).
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { signedHeader, startBillingHarness, type BillingHarness } from "@/tests/helpers/billing-harness";

let h: BillingHarness;
beforeAll(async () => {
  h = await startBillingHarness(webhook);
});
afterAll(async () => {
  await h.close();
});

const deliver = (payload: string) =>
  webhook(
    new NextRequest("http://localhost/api/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signedHeader(payload) },
      body: payload,
    }),
  );

describe("signed events that retrying cannot fix", () => {
  it.each([
    ["no id or type", { object: "event" }],
    ["no data", { id: "evt_junk_1", type: "invoice.paid", created: 1 }],
    ["an object that is not one", { id: "evt_junk_2", type: "invoice.paid", created: 1, data: { object: "x" } }],
    ["a list for the event", [1, 2, 3]],
  ])("answers 400 to a signed event with %s", async (_what, event) => {
    const res = await deliver(JSON.stringify(event));
    expect(res.status).toBe(400);
  });

  it("acknowledges an event for a customer Stripe does not know, and records why", async () => {
    const event = {
      id: `evt_unknown_${Date.now()}`,
      object: "event",
      type: "customer.subscription.updated",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "sub_nope", object: "subscription", customer: "cus_does_not_exist" } },
    };
    const res = await deliver(JSON.stringify(event));
    expect(res.status).toBe(200);
    const row = await getDb().processedWebhookEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.status).toBe("ignored");
    expect(row.error).toContain("Stripe does not know");
    // Delivered again (Stripe would not, but a replay might): a duplicate, still 200.
    expect((await deliver(JSON.stringify(event))).status).toBe(200);
  });
});
