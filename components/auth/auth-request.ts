// The browser's half of next-auth's sign-in and sign-out, without its client
// library (about 20 kB the sign-in page no longer loads): next-auth's CSRF
// token from /api/auth/csrf, then a form POST to its endpoint, which answers
// with the URL to go to. An error is that URL's `error` parameter, as next-auth
// reports it (lib/auth/sign-in-errors.ts).

export interface AuthAnswer {
  url: string;
  error: string | null;
}

async function post(path: string, fields: Record<string, string>): Promise<AuthAnswer> {
  const csrf = await fetch("/api/auth/csrf").then((r) => r.json() as Promise<{ csrfToken?: string }>);
  if (!csrf.csrfToken) throw new Error("Could not start signing in. Reload the page and try again.");
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrfToken: csrf.csrfToken, json: "true" }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  if (!body.url) throw new Error(`The server answered ${res.status}. Please try again.`);
  return { url: body.url, error: new URL(body.url, window.location.href).searchParams.get("error") };
}

/** Asks for a sign-in email; resolves with next-auth's error code, if any. */
export function requestEmailLink(email: string, callbackUrl: string): Promise<AuthAnswer> {
  return post("/api/auth/signin/email", { email, callbackUrl });
}

/** Sends the browser to the provider's consent screen (Google). */
export async function startOAuth(provider: string, callbackUrl: string): Promise<void> {
  const { url } = await post(`/api/auth/signin/${provider}`, { callbackUrl });
  window.location.assign(url);
}

/** Ends this browser's session, then loads callbackUrl. */
export async function signOutHere(callbackUrl: string): Promise<void> {
  const { url } = await post("/api/auth/signout", { callbackUrl });
  window.location.assign(url);
}
