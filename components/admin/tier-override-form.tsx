"use client";
// An admin's override of one user's plan and token budgets (PATCH, audited on the
// server). Blank means "the plan's default"; every failure is shown inline.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiCall } from "@/components/account/api-call";

const TIERS = ["guest", "free", "pro", "team", "enterprise"] as const;

export interface OverrideValues {
  tierOverride: string | null;
  dailyTokenOverride: number | null;
  monthTokenOverride: number | null;
}

function tokens(raw: string): number | null | "bad" {
  const s = raw.trim().replace(/[_,\s]/g, "");
  if (s === "") return null;
  return /^\d{1,13}$/.test(s) ? Number(s) : "bad";
}

export function TierOverrideForm({
  userId,
  label,
  initial,
}: {
  userId: string;
  label: string;
  initial: OverrideValues;
}) {
  const router = useRouter();
  const [tier, setTier] = useState(initial.tierOverride ?? "");
  const [daily, setDaily] = useState(initial.dailyTokenOverride?.toString() ?? "");
  const [month, setMonth] = useState(initial.monthTokenOverride?.toString() ?? "");
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string }>({
    kind: "idle",
  });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const d = tokens(daily);
    const m = tokens(month);
    if (d === "bad" || m === "bad") {
      setState({ kind: "error", message: "Token budgets are whole numbers (or blank for the plan's default)." });
      return;
    }
    setState({ kind: "saving" });
    const res = await apiCall(`/api/admin/users/${encodeURIComponent(userId)}/tier`, {
      method: "PATCH",
      body: JSON.stringify({ tierOverride: tier || null, dailyTokenOverride: d, monthTokenOverride: m }),
    });
    if (res.error) setState({ kind: "error", message: res.error });
    else {
      setState({ kind: "saved" });
      router.refresh();
    }
  }

  const field = "rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
  return (
    <form onSubmit={onSubmit} aria-label={`Override for ${label}`} className="flex flex-wrap items-center gap-2">
      <select aria-label="Plan override" value={tier} onChange={(e) => setTier(e.target.value)} className={field}>
        <option value="">plan&apos;s own</option>
        {TIERS.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      {(
        [
          ["Daily tokens", "daily default", daily, setDaily, "w-28"],
          ["Monthly tokens", "monthly default", month, setMonth, "w-32"],
        ] as const
      ).map(([label, placeholder, value, set, width]) => (
        <input
          key={label}
          aria-label={label}
          inputMode="numeric"
          placeholder={placeholder}
          value={value}
          onChange={(e) => set(e.target.value)}
          className={`${field} ${width}`}
        />
      ))}
      <button
        type="submit"
        disabled={state.kind === "saving"}
        className="rounded bg-slate-900 px-2 py-1 text-sm text-white disabled:opacity-60 dark:bg-white dark:text-slate-900"
      >
        {state.kind === "saving" ? "Saving…" : "Save"}
      </button>
      {state.kind === "saved" && (
        <span role="status" className="text-xs text-emerald-700">
          Saved
        </span>
      )}
      {state.kind === "error" && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </span>
      )}
    </form>
  );
}
