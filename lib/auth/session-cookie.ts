// next-auth's session cookie: it adds the __Secure- prefix (and the Secure flag)
// when the app is served over https, which is how production runs.
import { env } from "@/lib/config/env";

export const SESSION_MAX_AGE_S = 60 * 60 * 24 * 7;
/** A session is extended (sliding expiry) at most once per this interval. */
export const SESSION_UPDATE_AGE_S = 60 * 60 * 24;

export function secureCookies(): boolean {
  return env().APP_URL.startsWith("https://");
}

export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

/** next-auth's CSRF cookie ("token|hash"); over https it takes the stricter __Host- prefix. */
export function csrfCookieName(): string {
  return `${secureCookies() ? "__Host-" : ""}next-auth.csrf-token`;
}

/** Where next-auth keeps the sign-in's callbackUrl between its requests. */
export function callbackUrlCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.callback-url`;
}

const NAMES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/**
 * The session token the request carries, read under this deployment's cookie name.
 * Config (which name) is consulted only when either variant is present, so
 * cookie-less requests (liveness, unit tests) never need the validated environment.
 */
export function sessionToken(read: (name: string) => string | undefined): string | undefined {
  return NAMES.some((n) => read(n) !== undefined) ? read(sessionCookieName()) : undefined;
}
