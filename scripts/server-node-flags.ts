// The V8 flags the production server runs with. The Dockerfile's CMD, `npm start`
// and the servers the tests and benchmarks boot all run `node <these> server.js`,
// so what is measured is what is deployed (tests/deploy/dockerfile.test.ts
// keeps the Dockerfile in step).
//
// Why: a chat stream lives for seconds, so with V8's default 16 MB semi-space
// most of each stream's objects survive two scavenges, get promoted, and die in
// the old generation. That meant a scavenge every ~110 ms and, at 64 streams,
// a full mark-compact every few seconds whose pause and backlog delayed every
// request in flight (bench/chat-ttft.ts). A 32 MB semi-space halves the
// scavenges and the promotion; letting the old generation grow to twice its
// live size between full collections (instead of V8's adaptive factor, which
// fell to ~1.25 under this load) makes them rarer still. Peak RSS at 64
// streams did not grow measurably (780 MB with these flags, 803 MB without).
export const PRODUCTION_NODE_FLAGS = ["--max-semi-space-size=32", "--heap-growing-percent=100"];
