-- AlterTable: existing keys keep chatting and nothing more.
ALTER TABLE "api_keys" ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY['chat']::TEXT[];
