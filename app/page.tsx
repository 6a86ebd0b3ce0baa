import Link from "next/link";

export const dynamic = "force-dynamic";

const FEATURES = [
  ["Streaming Gemini chat", "Answers stream as they are written, in markdown, with history that persists."],
  [
    "A router that saves money",
    "Each message goes to the fast or the strong model by complexity and remaining budget.",
  ],
  ["Budgets that hold", "Every token is metered and budgets are enforced atomically in Postgres, never overspent."],
  ["Billing built in", "Stripe Checkout, Customer Portal and webhooks that reconcile from Stripe's own state."],
];

export default function LandingPage() {
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-16">
      <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">
        Gemini chat, sold by subscription, without losing money on tokens.
      </h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600 dark:text-slate-300">
        An AI chat product for Google Cloud: streaming Gemini chat with per-tier token budgets, metering, rate limits
        and Stripe billing in one app.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          href="/chat"
          className="rounded-md bg-slate-900 px-5 py-2.5 font-medium text-white hover:bg-slate-700 dark:bg-white dark:text-slate-900"
        >
          Start chatting
        </Link>
        <Link
          href="/pricing"
          className="rounded-md border border-slate-300 px-5 py-2.5 font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900"
        >
          See pricing
        </Link>
        <Link href="/sign-in" className="rounded-md px-5 py-2.5 font-medium hover:underline">
          Sign in
        </Link>
      </div>
      <ul className="mt-16 grid gap-6 sm:grid-cols-2">
        {FEATURES.map(([title, text]) => (
          <li key={title} className="rounded-lg border border-slate-200 p-5 dark:border-slate-800">
            <h2 className="font-semibold">{title}</h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{text}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
