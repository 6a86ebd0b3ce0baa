// next-auth configuration: Google and email magic link, database sessions (so
// "sign out of all devices" can delete them), 7-day sliding expiry.
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { AuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { safeRedirectUrl } from "@/lib/http/safe-redirect";
import { sendMagicLink } from "@/lib/mail/magic-link";
import { GUEST_COOKIE, guestUserIdFrom } from "./guest";
import { mergeGuestInto } from "./guest-merge";
import { normalizeEmail } from "./email-address";
import { clientIpFrom } from "./request-ip";
import { boundLinks, browserBinding } from "./sign-in-binding";
import { applyRoleAtSignIn } from "./roles";
import { signInAllowed } from "./sign-up-gate";
import { SESSION_MAX_AGE_S, SESSION_UPDATE_AGE_S, secureCookies } from "./session-cookie";
import { authSecret } from "./signed-value";

export const MAGIC_LINK_MAX_AGE_S = 15 * 60;

function providers(): Provider[] {
  const e = env();
  const list: Provider[] = [
    EmailProvider({
      // Unused: sending goes through sendVerificationRequest (SMTP or local mailbox).
      server: {},
      from: e.EMAIL_FROM,
      maxAge: MAGIC_LINK_MAX_AGE_S,
      sendVerificationRequest: ({ identifier, url }) => sendMagicLink(identifier, url),
      // The same address the sign-in email rate limit counts (lib/auth/magic-link-limit.ts).
      normalizeIdentifier: (identifier) => {
        const email = normalizeEmail(identifier);
        if (!email) throw new Error("Invalid email address format.");
        return email;
      },
    }),
  ];
  if (e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET) {
    // GOOGLE_ISSUER points the provider at another OpenID issuer (tests use a local one).
    const issuer = e.GOOGLE_ISSUER?.replace(/\/$/, "");
    list.push(
      GoogleProvider({
        clientId: e.GOOGLE_CLIENT_ID,
        clientSecret: e.GOOGLE_CLIENT_SECRET,
        ...(issuer ? { issuer, wellKnown: `${issuer}/.well-known/openid-configuration` } : {}),
      }),
    );
  }
  return list;
}

export function googleEnabled(): boolean {
  return Boolean(env().GOOGLE_CLIENT_ID && env().GOOGLE_CLIENT_SECRET);
}

async function requestContext(): Promise<{ ip: string | null; guestId: string | null }> {
  const { headers, cookies } = await import("next/headers");
  const [h, jar] = await Promise.all([headers(), cookies()]);
  return { ip: clientIpFrom(h), guestId: guestUserIdFrom(jar.get(GUEST_COOKIE)?.value) };
}

/** The sign-in binding of the browser making the current request (lib/auth/sign-in-binding.ts). */
export async function requestBinding(): Promise<string | null> {
  const { cookies } = await import("next/headers");
  const jar = await cookies();
  return browserBinding((name) => jar.get(name)?.value);
}

let cached: AuthOptions | undefined;

export function authOptions(): AuthOptions {
  if (cached) return cached;
  // next-auth v4 reads its base URL from the environment.
  process.env.NEXTAUTH_URL ??= `${env().APP_URL.replace(/\/$/, "")}/api/auth`;
  cached = {
    // The generated (Rust-free) client has the same model API the adapter calls.
    // Magic links are kept bound to the browser that asked for them.
    adapter: { ...PrismaAdapter(getDb() as never), ...boundLinks(requestBinding) },
    secret: authSecret(),
    providers: providers(),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_S, updateAge: SESSION_UPDATE_AGE_S },
    useSecureCookies: secureCookies(),
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in?sent=1", error: "/sign-in" },
    // Every callbackUrl (query, form or cookie) goes through the one redirect check.
    callbacks: { redirect: ({ url }) => safeRedirectUrl(url, "/"), signIn: ({ user }) => signInAllowed(user) },
    events: {
      async signIn({ user, account }) {
        const { ip, guestId } = await requestContext();
        await applyRoleAtSignIn(user.id, ip);
        // Every sign-in reaching here was started by this same browser: a magic
        // link only opens where it was asked for (sign-in-binding.ts), and Google's
        // callback needs the state and PKCE cookies set where it began. So a guest
        // is merged only into an account this browser chose to sign in to.
        const moved = guestId ? await mergeGuestInto(guestId, user.id) : 0;
        if (guestId) {
          const { cookies } = await import("next/headers");
          // The guest row is gone; drop its cookie so the browser stops sending it.
          (await cookies()).delete(GUEST_COOKIE);
        }
        await recordAudit({
          actorId: user.id,
          action: "auth.sign_in",
          targetType: "user",
          targetId: user.id,
          ip,
          metadata: { provider: account?.provider ?? null, guestConversationsMoved: moved },
        });
      },
      async signOut({ session }) {
        // Database strategy: next-auth passes the session row being deleted.
        const userId = (session as { userId?: string } | null)?.userId ?? null;
        if (!userId) return;
        const { ip } = await requestContext();
        await recordAudit({ actorId: userId, action: "auth.sign_out", targetType: "user", targetId: userId, ip });
      },
    },
    logger: {
      error: (code, metadata) => logger.error({ code, metadata }, "next-auth error"),
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
  };
  return cached;
}
