// Every body is capped while it is read, whatever its headers say: a body sent
// chunked with no Content-Length (or with a false one) is refused with 413 once
// it passes the cap, having read at most one chunk past it.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as chatPost } from "@/app/api/chat/route";
import { POST as webhookPost } from "@/app/api/webhooks/stripe/route";

const CHUNK = 64 * 1024;

/** A body of `total` bytes produced only as it is read; `pulled()` says how much was. */
function endlessBody(total: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
    },
  });
  return { stream, pulled: () => sent };
}

function chunkedPost(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  return new NextRequest(url, { method: "POST", body, headers, duplex: "half" } as ConstructorParameters<
    typeof NextRequest
  >[1]);
}

const SIXTY_FOUR_MB = 64 * 1024 * 1024;

describe("request body caps", () => {
  it("the Stripe webhook refuses a 64 MB chunked body after reading about 1 MB of it", async () => {
    const body = endlessBody(SIXTY_FOUR_MB);
    const res = await webhookPost(
      chunkedPost("http://localhost/api/webhooks/stripe", body.stream, { "stripe-signature": "t=1,v1=00" }),
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(1_000_000 + 2 * CHUNK);
  });

  it("a false small Content-Length does not lift the cap", async () => {
    const body = endlessBody(SIXTY_FOUR_MB);
    const res = await webhookPost(
      chunkedPost("http://localhost/api/webhooks/stripe", body.stream, { "content-length": "10" }),
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(1_000_000 + 2 * CHUNK);
  });

  it("next-auth's POST handlers get no more than 16 KB", async () => {
    const body = endlessBody(SIXTY_FOUR_MB);
    const res = await authPost(
      chunkedPost("http://localhost/api/auth/signin/email", body.stream, {
        "content-type": "application/x-www-form-urlencoded",
      }),
      { params: Promise.resolve({ nextauth: ["signin", "email"] }) },
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(16_000 + 2 * CHUNK);
  });

  it("a JSON route stops at its own cap", async () => {
    const body = endlessBody(SIXTY_FOUR_MB);
    const res = await chatPost(
      chunkedPost("http://localhost/api/chat", body.stream, { "content-type": "application/json" }),
    );
    expect(res.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(1_000_000);
  });
});
