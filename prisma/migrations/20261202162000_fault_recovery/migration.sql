-- AlterTable
ALTER TABLE "messages" ADD COLUMN "hold_id" TEXT;

-- AlterTable
ALTER TABLE "processed_webhook_events" ADD COLUMN "claimed_by" TEXT;

-- CreateIndex
CREATE INDEX "messages_alive_until_idx" ON "messages"("alive_until");
