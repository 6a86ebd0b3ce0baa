// The V8 flags the production server runs with. The Dockerfile's CMD, `npm start`
// and the servers the tests and benchmarks boot all run `node <these> server.js`,
// so what is measured is what is deployed (tests/deploy/dockerfile.test.ts
// keeps the Dockerfile in step).
//
// Why, measured with bench/lean.ts (memory) and bench/chat-ttft.ts (LEVELS=64
// PACINGS=paced:60 FLOOR=0) on a production build, each setting against the
// others in one session on the same machine:
// - With the token counter's vocabulary in compact typed arrays (~25 MB outside
//   the JavaScript heap) the live heap is ~50 MB after boot and ~90-130 MB at 64
//   streams. Streams live for seconds, so their objects are promoted and die in
//   the old generation; letting it grow to four times its live size between full
//   collections (instead of V8's adaptive factor) keeps those collections, whose
//   pauses delay every stream in flight, rare: the slowest first tokens at 64
//   paced streams were 25-33 ms p99 added with these flags, 57-117 ms with V8's
//   defaults, a 16 MB semi-space or a heap capped at 192 or 256 MB.
// - A 32 MB semi-space halves the scavenges and what they promote.
// - The old generation capped at 384 MB: V8 sizes it from the machine's memory,
//   so on a large host garbage piled up to 340 MiB RSS after 1,000 turns; with
//   the cap it was 200 MiB, and 247 MiB at the peak of 64 streams. Worst case
//   (old generation full, young generation, code and vocabulary) is ~560 MiB,
//   which is why Cloud Run gets 1 GiB (terraform/variables.tf) and not 512 MiB.
export const PRODUCTION_NODE_FLAGS = [
  "--max-semi-space-size=32",
  "--heap-growing-percent=300",
  "--max-old-space-size=384",
];
