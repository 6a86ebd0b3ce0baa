// Shared bits of the hosted pages: escaping, a plain layout with the test-mode
// banner, and the response shape the HTTP server writes out.
export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Dates on hosted pages follow the emulated clock, like everything else. */
export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f6f8fa;color:#1a1f36;margin:0}
.banner{background:#ffde92;color:#5c3b00;text-align:center;padding:8px;font-size:14px;font-weight:600}
main{max-width:560px;margin:32px auto;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:28px}
h1{font-size:22px;margin:0 0 16px}h2{font-size:17px;margin:0 0 6px}
label{display:block;font-size:13px;color:#4f566b;margin:12px 0 4px}
input{width:100%;box-sizing:border-box;padding:10px;border:1px solid #d0d5dd;border-radius:6px;font-size:15px}
.row{display:flex;gap:12px}.row>div{flex:1}
button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:10px 16px;font-size:15px;cursor:pointer;margin:6px 6px 0 0}
button.secondary{background:#fff;color:#635bff;border:1px solid #635bff}button.danger{background:#df1b41}
.error{background:#fde8ec;color:#a41c3a;border-radius:6px;padding:10px;margin:12px 0}
.notice{background:#e3f7ec;color:#0e6245;border-radius:6px;padding:10px;margin:12px 0}
.card{border:1px solid #e3e8ee;border-radius:8px;padding:16px;margin:12px 0}
.muted{color:#697386;font-size:13px}.price{font-size:26px;font-weight:600;margin:4px 0 12px}
table{font-size:13px;color:#697386;border-collapse:collapse}td{padding:2px 12px 2px 0}
`;

export function page(title: string, content: string, status = 200): PageResponse {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><div class="banner" role="note" id="test-mode-banner">Stripe emulator — test mode, no real money</div>
<main>${content}</main></body></html>`;
  return { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }, body };
}

/** Form posts answer with 303 so a browser reload does not repeat the action. */
export function redirect(location: string): PageResponse {
  return { status: 303, headers: { location }, body: "" };
}

export function notFoundPage(what: string): PageResponse {
  return page("Not found", `<h1>Not found</h1><p>${escapeHtml(what)}</p>`, 404);
}
