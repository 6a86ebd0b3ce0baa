import Link from "next/link";
import { messagesEstimate } from "@/lib/billing/plan-words";
import { TIERS } from "@/lib/budget/tiers";

export const dynamic = "force-dynamic";

const FEATURES = [
  ["Answers as they are written", "Replies stream in as Gemini writes them, with code, tables and lists formatted."],
  ["Picks the right model", "Everyday questions get the fast model; hard ones can go to the strong one (paid plans)."],
  ["Your chats are kept", "Come back to any conversation, rename it, or delete it. Download all your data any time."],
  [
    "Clear limits, no surprise bills",
    "A meter shows what is left today. A plan is a flat monthly price; nothing is charged per message.",
  ],
];

export default async function LandingPage({ searchParams }: { searchParams: Promise<{ account?: string }> }) {
  const { account } = await searchParams;
  const free = TIERS.free;
  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-16">
      {account === "deleted" && (
        <p
          role="status"
          className="mb-8 rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100"
        >
          Your account was deleted: your conversations, keys and settings are gone, and any subscription is cancelled.
        </p>
      )}
      <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">Chat with Gemini. Start free, no card needed.</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600 dark:text-slate-300">
        Ask questions, draft and edit text, write and explain code. Try it right away without an account; a free account
        gives you {messagesEstimate(free.dailyTokens)} a day.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link
          href="/chat"
          className="rounded-md bg-slate-900 px-5 py-2.5 font-medium text-white hover:bg-slate-700 dark:bg-white dark:text-slate-900 dark:hover:bg-slate-200"
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
