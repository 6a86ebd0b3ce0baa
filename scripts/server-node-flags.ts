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
// scavenges and the promotion. What is still promoted (~14 MB/s at 64 streams)
// comes from Next, undici and the SDK. Letting the old generation grow to four
// times its live size between full collections (instead of V8's adaptive
// factor, which fell to ~1.25 under this load) makes those rarer still: one in
// each 9-second measurement at 64 streams instead of two with a factor of 2.
// Each one's 8-19 ms pause, and the backlog behind it, delayed every request
// in flight: they made the slowest first tokens of the run. Peak RSS at 64
// streams: 848 MB with a factor of 4, 753 MB with 2, 803 MB with V8's defaults.
export const PRODUCTION_NODE_FLAGS = ["--max-semi-space-size=32", "--heap-growing-percent=300"];
