// Child process for chat-db-faults.test.ts: another server sharing the outbox
// folder (its own process, pool and memory). Sweeps lapsed answers as if the
// lease had long passed, then drains the outbox; prints one JSON line.
import { sweepDeadTurns } from "@/lib/chat/dead-turns";
import { drainOutbox } from "@/lib/chat/outbox";
import { STREAM_LEASE_MS } from "@/lib/chat/stream-lease";
import { closeDb } from "@/lib/db/client";

const swept = await sweepDeadTurns(Date.now() + STREAM_LEASE_MS + 1_000);
const left = await drainOutbox();
console.log(JSON.stringify({ swept, left }));
await closeDb();
