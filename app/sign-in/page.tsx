import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { googleEnabled } from "@/lib/auth/auth-options";
import { pageIdentity } from "@/lib/auth/identity";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

export const dynamic = "force-dynamic";

type Search = Promise<{ error?: string; sent?: string; callbackUrl?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const { error, sent, callbackUrl } = await searchParams;
  const me = await pageIdentity();
  if (me && !me.isGuest && !error) redirect(safeRedirectPath(callbackUrl));
  const message = signInErrorMessage(error);

  return (
    <div className="mx-auto w-full max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        New here? Signing in creates your free account{me?.isGuest ? " and keeps your guest chats" : ""}.
      </p>
      {message && (
        <p
          role="alert"
          className="mt-6 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          {message}
        </p>
      )}
      {sent ? (
        <p role="status" className="mt-6 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
          Check your email: we sent a sign-in link. It works once and expires in 15 minutes.
        </p>
      ) : (
        <SignInForm google={googleEnabled()} callbackUrl={safeRedirectPath(callbackUrl)} />
      )}
      <p className="mt-8 text-sm text-slate-600 dark:text-slate-400">
        Or{" "}
        <Link href="/chat" className="underline">
          try it as a guest
        </Link>{" "}
        first.
      </p>
    </div>
  );
}
