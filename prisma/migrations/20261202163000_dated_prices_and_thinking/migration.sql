-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "thinking" TEXT;

-- AlterTable
ALTER TABLE "usage_ledger" ADD COLUMN     "price_cached_input" INTEGER,
ADD COLUMN     "price_input" INTEGER,
ADD COLUMN     "price_long_context" BOOLEAN,
ADD COLUMN     "price_output" INTEGER,
ADD COLUMN     "price_valid_from" DATE;
