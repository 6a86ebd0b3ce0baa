-- Grounding with Google Search: the queries each model call executed (billed per query), and the
-- sources a grounded answer cites. Both additive, so servers of the previous release keep working.
ALTER TABLE "usage_ledger" ADD COLUMN "search_queries" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "messages" ADD COLUMN "grounding" JSONB;
-- A streaming answer whose call may search: if its server dies, its hold is settled with the searches
-- the hold allowed (lib/chat/dead-turns.ts), as the call may have run them.
ALTER TABLE "messages" ADD COLUMN "searching" BOOLEAN NOT NULL DEFAULT false;
