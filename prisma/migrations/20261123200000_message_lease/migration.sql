-- AlterTable
ALTER TABLE "messages" ADD COLUMN "alive_until" TIMESTAMP(3);
