-- Files users attach to messages: the bytes are in the attachment store, the row says what they are.
CREATE TABLE "attachments" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "message_id" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "pages" INTEGER,
    "token_estimate" INTEGER NOT NULL,
    "storage_key" TEXT NOT NULL,
    "gemini_file_uri" TEXT,
    "gemini_file_expires_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "attachments_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "attachments_user_id_created_at_idx" ON "attachments"("user_id", "created_at");
CREATE INDEX "attachments_message_id_idx" ON "attachments"("message_id");
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Of a call's input tokens, the images' and the documents' (the API's promptTokensDetails).
ALTER TABLE "usage_ledger" ADD COLUMN "input_image_tokens" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "usage_ledger" ADD COLUMN "input_document_tokens" INTEGER NOT NULL DEFAULT 0;
