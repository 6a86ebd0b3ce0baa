"use client";
// Email magic-link and Google sign-in. Failures are shown inline, never thrown.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { MAGIC_LINK_RATE_ERROR, SIGN_UPS_CLOSED_ERROR, signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { requestEmailLink, startOAuth } from "./auth-request";

export function SignInForm({ google, callbackUrl }: { google: boolean; callbackUrl: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const res = await requestEmailLink(email, callbackUrl).catch((err: unknown) => {
      setError(err instanceof Error ? err.message : "Could not reach the server.");
      return undefined;
    });
    setPending(false);
    // next-auth answers a refused address with a URL carrying an error code.
    if (res && !res.error) router.push("/sign-in?sent=1");
    else if (res)
      setError(
        res.error === MAGIC_LINK_RATE_ERROR || res.error === SIGN_UPS_CLOSED_ERROR
          ? signInErrorMessage(res.error)
          : "We could not send the sign-in email. Check the address and try again.",
      );
  }

  return (
    <div className="mt-8 space-y-6">
      <form onSubmit={onSubmit} className="space-y-3">
        <label className="block text-sm font-medium" htmlFor="email">
          Email
        </label>
        <input
          id="email"
          type="email"
          required
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
          placeholder="you@example.com"
        />
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-slate-900 px-3 py-2 text-white hover:bg-slate-700 disabled:opacity-60 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200"
        >
          {pending ? "Sending…" : "Email me a sign-in link"}
        </button>
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
      </form>
      {google && (
        <button
          type="button"
          onClick={() =>
            startOAuth("google", callbackUrl).catch((err: unknown) =>
              setError(err instanceof Error ? err.message : "Could not reach the server."),
            )
          }
          className="w-full rounded-md border border-slate-300 px-3 py-2 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
        >
          Continue with Google
        </button>
      )}
    </div>
  );
}
