// New sign-ups can be paused by the operator (lib/ops/switches.ts). A paused
// sign-up is refused before any email is sent and again when a link or Google
// comes back; existing accounts and ADMIN_EMAILS always sign in.
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { switches } from "@/lib/ops/switches";
import { roleForEmail } from "./admin-emails";
import { normalizeEmail } from "./email-address";
import { SIGN_UPS_CLOSED_ERROR } from "./sign-in-errors";

/** next-auth's signIn callback: true to go on, or the sign-in page's URL with the refusal. */
export async function signInAllowed(user: { email?: string | null }): Promise<true | string> {
  if ((await switches()).signUps) return true;
  const email = user.email ? normalizeEmail(user.email) : null;
  if (email && roleForEmail(email) === "admin") return true;
  if (email && (await getDb().user.findFirst({ where: { email, isGuest: false }, select: { id: true } }))) return true;
  // next-auth's client reads the error from an absolute URL.
  return `${env().APP_URL.replace(/\/$/, "")}/sign-in?error=${SIGN_UPS_CLOSED_ERROR}`;
}
