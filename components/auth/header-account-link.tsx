"use client";
// Client-side so pages that are otherwise static stay static: asks next-auth who
// is signed in and shows "Account" or "Sign in".
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";

const buttonClass =
  "rounded-md bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200";

export function HeaderAccountLink() {
  const [signedIn, setSignedIn] = useState(false);
  // Asked again on every navigation: signing out or deleting the account moves to another page.
  const pathname = usePathname();
  useEffect(() => {
    const ctrl = new AbortController();
    fetch("/api/auth/session", { signal: ctrl.signal })
      .then((r) => (r.ok ? (r.json() as Promise<{ user?: unknown }>) : {}))
      .then((s) => setSignedIn(Boolean((s as { user?: unknown }).user)))
      .catch((err: unknown) => {
        // Aborted on unmount, or offline: the header keeps showing "Sign in".
        if (!(err instanceof DOMException && err.name === "AbortError")) console.warn("session check failed", err);
      });
    return () => ctrl.abort();
  }, [pathname]);
  return signedIn ? (
    <Link href="/account" className={buttonClass}>
      Account
    </Link>
  ) : (
    <Link href="/sign-in" className={buttonClass}>
      Sign in
    </Link>
  );
}
