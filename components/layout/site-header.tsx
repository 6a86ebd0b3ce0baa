import Link from "next/link";
import { HeaderAccountLink } from "@/components/auth/header-account-link";
import { PastDueNotice } from "@/components/billing/past-due-notice";

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 dark:border-slate-800">
      <nav className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 text-sm" aria-label="Main">
        <Link href="/" className="font-semibold text-slate-900 dark:text-white">
          Gemini Chat
        </Link>
        <Link href="/chat" className="hover:underline">
          Chat
        </Link>
        <Link href="/pricing" className="hover:underline">
          Pricing
        </Link>
        <span className="flex-1" />
        <HeaderAccountLink />
      </nav>
      <PastDueNotice />
    </header>
  );
}
