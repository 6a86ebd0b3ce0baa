-- AlterTable
ALTER TABLE "verification_tokens" ADD COLUMN     "binding" TEXT;
