// The pages' Content-Security-Policy: scripts run only from this origin and
// with the nonce of the response they came in (Next puts it on its own script
// tags when it finds it in the request's policy), 'strict-dynamic' lets those
// load their chunks; no plugins, no framing, no <base> or form targets elsewhere.
// Styles may be inline (React style attributes); they cannot run code.
export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // Next's dev server evaluates its hot-reload code.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
