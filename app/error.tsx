"use client";
// Any page that fails to render: say so in the product's own words, offer a retry.
import Link from "next/link";
import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error("page failed", error), [error]);
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-24 text-center">
      <h1 className="text-3xl font-semibold">Something went wrong on our side</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        Nothing you did caused this. Try again; if it keeps happening, tell us
        {error.digest ? (
          <>
            {" "}
            and quote <code>{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-slate-900 px-4 py-2 text-white dark:bg-white dark:text-slate-900"
        >
          Try again
        </button>
        <Link href="/" className="rounded-md border border-slate-300 px-4 py-2 dark:border-slate-700">
          Home
        </Link>
      </div>
    </div>
  );
}
