import Link from "next/link";

export const metadata = { title: "Page not found · Gemini Chat" };

export default function NotFound() {
  return (
    <div className="mx-auto w-full max-w-2xl px-4 py-24 text-center">
      <p className="text-sm font-semibold text-slate-600 dark:text-slate-400">404</p>
      <h1 className="mt-2 text-3xl font-semibold">This page does not exist</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">The link may be old, or the conversation was deleted.</p>
      <div className="mt-8 flex justify-center gap-3">
        <Link href="/chat" className="rounded-md bg-slate-900 px-4 py-2 text-white dark:bg-white dark:text-slate-900">
          Go to the chat
        </Link>
        <Link href="/" className="rounded-md border border-slate-300 px-4 py-2 dark:border-slate-700">
          Home
        </Link>
      </div>
    </div>
  );
}
