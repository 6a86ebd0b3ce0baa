// next-auth reports failures as ?error=<Code> on the sign-in page; these are the
// words a user sees instead.
/** Sign-in emails asked for too often (lib/auth/magic-link-limit.ts). */
export const MAGIC_LINK_RATE_ERROR = "EmailRateLimited";
/** A sign-in link opened in another browser than the one that asked for it (lib/auth/sign-in-binding.ts). */
export const LINK_OTHER_BROWSER_ERROR = "LinkOtherBrowser";
/** New sign-ups paused by the operator (lib/auth/sign-up-gate.ts). */
export const SIGN_UPS_CLOSED_ERROR = "SignUpsClosed";

const MESSAGES: Record<string, string> = {
  Verification: "That sign-in link is invalid, already used or expired. Links work once, for 15 minutes.",
  EmailSignin: "We could not send the sign-in email. Please try again.",
  [LINK_OTHER_BROWSER_ERROR]:
    "This sign-in link was asked for in another browser. Open it in the browser where you asked for it, or ask for a new link here.",
  [SIGN_UPS_CLOSED_ERROR]: "New sign-ups are paused for now. If you already have an account, use its address.",
  [MAGIC_LINK_RATE_ERROR]: "Too many sign-in emails were asked for. Please wait a few minutes, then try again.",
  OAuthSignin: "Google sign-in could not start. Please try again.",
  OAuthCallback: "Google sign-in did not complete. Please try again.",
  OAuthAccountNotLinked: "This email already signs in another way. Use the method you used before.",
  AccessDenied: "Sign-in was refused.",
  SessionRequired: "Sign in to continue.",
};

export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  return MESSAGES[code] ?? "Sign-in failed. Please try again.";
}
