// Each event id is applied once. The row is claimed before processing; a
// failure marks it "failed" so Stripe's retry may claim it again.
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

export type Claim = "claimed" | "duplicate";

// A "processing" row older than this belongs to a crashed attempt and may be retaken.
const STALE_PROCESSING_MS = 60_000;

export async function claimEvent(id: string, type: string): Promise<Claim> {
  const db = getDb();
  try {
    await db.processedWebhookEvent.create({ data: { id, type, status: "processing" } });
    return "claimed";
  } catch (err) {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")) throw err;
  }
  // Conditional update: of two concurrent retries only one retakes the row.
  const retaken = await db.processedWebhookEvent.updateMany({
    where: {
      id,
      OR: [
        { status: "failed" },
        { status: "processing", receivedAt: { lt: new Date(Date.now() - STALE_PROCESSING_MS) } },
      ],
    },
    data: { status: "processing", receivedAt: new Date(), error: null },
  });
  return retaken.count === 1 ? "claimed" : "duplicate";
}

export async function finishEvent(id: string, status: "processed" | "ignored"): Promise<void> {
  await getDb().processedWebhookEvent.update({ where: { id }, data: { status, processedAt: new Date() } });
}

export async function failEvent(id: string, error: unknown): Promise<void> {
  // Only the error's class and message: never payloads or secrets.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await getDb().processedWebhookEvent.update({
    where: { id },
    data: { status: "failed", error: message.slice(0, 500) },
  });
}
