"use client";
// The operator's switches, one row each: its state, what turning it off does, and
// a button that flips it (PATCH, audited on the server). Failures show inline.
import { useState } from "react";
import { apiCall } from "@/components/account/api-call";
import type { SwitchKey, Switches } from "@/lib/ops/switches";

export interface SwitchRow {
  key: SwitchKey;
  label: string;
  effect: string;
}

export function SwitchToggles({ rows, initial }: { rows: SwitchRow[]; initial: Switches }) {
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState<SwitchKey | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function flip(key: SwitchKey) {
    setBusy(key);
    setError(null);
    const res = await apiCall<Switches>("/api/admin/switches", {
      method: "PATCH",
      body: JSON.stringify({ [key]: !values[key] }),
    });
    setBusy(null);
    if (res.data) setValues(res.data);
    else setError(res.error ?? "The switch was not changed.");
  }

  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {rows.map((row) => (
          <li key={row.key} data-switch={row.key} className="flex flex-wrap items-center gap-4 p-4">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {row.label}:{" "}
                <span
                  data-testid={`switch-${row.key}`}
                  className={
                    values[row.key] ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"
                  }
                >
                  {values[row.key] ? "on" : "off"}
                </span>
              </p>
              <p className="text-sm text-slate-600 dark:text-slate-400">{row.effect}</p>
            </div>
            <button
              type="button"
              disabled={busy !== null}
              onClick={() => void flip(row.key)}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-900"
            >
              {busy === row.key ? "Saving…" : `Turn ${values[row.key] ? "off" : "on"} ${row.label.toLowerCase()}`}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
