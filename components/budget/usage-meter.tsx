"use client";
// Usage meter for the chat: tokens used and left today and this month, a warning
// at 80%, and once not even a short new chat fits, the reset time with the way up
// (guests sign up, free users upgrade). Re-fetches whenever `refreshKey` changes
// (e.g. after each message), and again until holds of ended calls have settled.
import Link from "next/link";
import { useEffect, useState } from "react";
import { bindingWindow, formatTokens, left, percent, type UsageReport, type WindowUsage } from "./usage-state";

/** While a finished turn's hold is still live (a stopped answer settles a moment later), look again. */
const SETTLE_POLL_MS = 1_000;
const SETTLE_POLLS = 15;

export function UsageMeter({ refreshKey = 0 }: { refreshKey?: number | string }) {
  const [report, setReport] = useState<UsageReport | null>(null);
  const [poll, setPoll] = useState({ key: refreshKey, n: 0 });
  if (poll.key !== refreshKey) setPoll({ key: refreshKey, n: 0 });

  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    fetch("/api/usage", { signal: ctrl.signal, cache: "no-store" })
      // 401 before a newcomer's first message: there is nothing to show yet.
      .then((res) => (res.ok ? (res.json() as Promise<UsageReport>) : null))
      .then((r) => {
        setReport(r);
        // Held tokens of a call that has ended on this side are about to settle to what it used.
        if (r && r.heldTokens > 0 && refreshKey !== "busy" && poll.n < SETTLE_POLLS)
          timer = setTimeout(() => setPoll((p) => ({ ...p, n: p.n + 1 })), SETTLE_POLL_MS);
      })
      .catch((err: unknown) => {
        if (!ctrl.signal.aborted) console.warn("usage meter: could not load /api/usage", err);
      });
    return () => {
      ctrl.abort();
      clearTimeout(timer);
    };
  }, [refreshKey, poll.n]);

  if (!report) return null;
  return (
    <section aria-label="Token usage" data-testid="usage-meter" className="space-y-2 text-xs">
      <div className="flex flex-wrap gap-x-6 gap-y-1 text-slate-600 dark:text-slate-400">
        <Meter label="Today" w={report.day} />
        <Meter label="This month" w={report.month} />
      </div>
      {report.exhausted ? <LimitReached report={report} /> : report.warning ? <Warning report={report} /> : null}
    </section>
  );
}

function Meter({ label, w }: { label: string; w: WindowUsage }) {
  const pct = percent(w);
  const remaining = left(w);
  return (
    <div className="min-w-40 flex-1" data-testid={`usage-${label === "Today" ? "day" : "month"}`}>
      <div className="flex flex-wrap justify-between gap-x-2">
        <span className="font-medium">{label}</span>
        <span>
          {formatTokens(w.used)} used · {remaining == null ? "unlimited" : `${formatTokens(remaining)} left`}
        </span>
      </div>
      {pct != null && (
        <div
          className="mt-1 h-1.5 rounded bg-slate-200 dark:bg-slate-800"
          role="meter"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label={`${label} usage`}
        >
          <div
            className={`h-full rounded ${pct >= 100 ? "bg-red-600" : pct >= 80 ? "bg-amber-500" : "bg-sky-600"}`}
            style={{ width: `${pct}%` }}
          />
        </div>
      )}
    </div>
  );
}

function Warning({ report }: { report: UsageReport }) {
  const { name, window } = bindingWindow(report);
  return (
    <p
      role="status"
      data-testid="usage-warning"
      className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      You&apos;ve used {percent(window) ?? 80}% of your allowance for {name}. <WayUp report={report} />
    </p>
  );
}

function LimitReached({ report }: { report: UsageReport }) {
  const { name, window } = bindingWindow(report);
  const reset = new Date(window.resetAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div
      role="alert"
      data-testid="usage-limit"
      className="rounded border border-red-300 bg-red-50 px-3 py-2 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      You&apos;ve reached your limit for {name}. It resets at <time dateTime={window.resetAt}>{reset}</time>.{" "}
      <WayUp report={report} />
    </div>
  );
}

function WayUp({ report }: { report: UsageReport }) {
  if (report.upgrade.action === "sign_up" && report.upgrade.href)
    return (
      <Link href={report.upgrade.href} className="font-medium underline" data-testid="usage-way-up">
        Sign up for a free account to get more.
      </Link>
    );
  if (report.upgrade.action === "upgrade" && report.upgrade.href)
    return (
      <Link href={report.upgrade.href} className="font-medium underline" data-testid="usage-way-up">
        Upgrade your plan for more.
      </Link>
    );
  return null;
}
