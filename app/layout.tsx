import type { Metadata } from "next";
import "./globals.css";
import { SiteHeader } from "@/components/layout/site-header";
import { SiteFooter } from "@/components/layout/site-footer";
import { pageTheme } from "@/lib/account/theme";

export const metadata: Metadata = {
  title: "Gemini Chat",
  description: "Gemini-powered chat by subscription, with token budgets that never lose money.",
};

// Every page shows live service status (see the footer), so nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const theme = await pageTheme();
  return (
    <html lang="en" className={theme}>
      <body className="flex min-h-screen flex-col bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <SiteHeader />
        <main className="flex flex-1 flex-col">{children}</main>
        <SiteFooter />
      </body>
    </html>
  );
}
