"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { INSTRUCTIONS_MAX_CHARS } from "@/lib/account/instruction-limits";
import type { Profile } from "@/lib/account/profile";
import { apiCall } from "./api-call";

export function PreferencesForm({ profile }: { profile: Profile }) {
  const router = useRouter();
  const [name, setName] = useState(profile.name ?? "");
  const [prefs, setPrefs] = useState(profile.preferences);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const res = await apiCall("/api/account", {
      method: "PATCH",
      body: JSON.stringify({ ...(name.trim() ? { name } : {}), preferences: prefs }),
    });
    setStatus(res.error ? { ok: false, text: res.error } : { ok: true, text: "Saved." });
    // The theme is drawn by the layout on the server: redraw it with the new one.
    if (!res.error) router.refresh();
  }

  const field = "mt-1 w-full rounded-md border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900";
  return (
    <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-2">
      <label className="text-sm">
        Name
        <input className={field} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
      </label>
      <label className="text-sm">
        Default model
        <select
          className={field}
          value={prefs.defaultModel}
          onChange={(e) => setPrefs({ ...prefs, defaultModel: e.target.value as typeof prefs.defaultModel })}
        >
          {profile.allowedModels.map((m) => (
            <option key={m} value={m}>
              {m === "auto" ? "Auto (route per message)" : m === "fast" ? "Fast" : "Strong"}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        History length (messages sent with each question, up to {profile.historyMax})
        <input
          type="number"
          min={2}
          max={profile.historyMax}
          className={field}
          value={prefs.historyLength}
          onChange={(e) => setPrefs({ ...prefs, historyLength: Number(e.target.value) })}
        />
      </label>
      <label className="text-sm">
        Theme
        <select
          className={field}
          value={prefs.theme}
          onChange={(e) => setPrefs({ ...prefs, theme: e.target.value as typeof prefs.theme })}
        >
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label className="text-sm sm:col-span-2">
        What should the assistant know about you?
        <textarea
          className={field}
          rows={3}
          maxLength={INSTRUCTIONS_MAX_CHARS}
          value={prefs.aboutMe}
          onChange={(e) => setPrefs({ ...prefs, aboutMe: e.target.value })}
          placeholder="e.g. I'm a backend developer in Lisbon; I use Go and PostgreSQL."
        />
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {prefs.aboutMe.length.toLocaleString("en-US")} / {INSTRUCTIONS_MAX_CHARS.toLocaleString("en-US")} · sent with
          every message, and counted in its tokens
        </span>
      </label>
      <label className="text-sm sm:col-span-2">
        How should it answer?
        <textarea
          className={field}
          rows={3}
          maxLength={INSTRUCTIONS_MAX_CHARS}
          value={prefs.answerStyle}
          onChange={(e) => setPrefs({ ...prefs, answerStyle: e.target.value })}
          placeholder="e.g. Short answers first, then details. Metric units."
        />
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {prefs.answerStyle.length.toLocaleString("en-US")} / {INSTRUCTIONS_MAX_CHARS.toLocaleString("en-US")}
        </span>
      </label>
      <div className="flex items-center gap-3 sm:col-span-2">
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-3 py-2 text-white dark:bg-white dark:text-slate-900"
        >
          Save
        </button>
        {status && (
          <p
            role={status.ok ? "status" : "alert"}
            className={status.ok ? "text-sm" : "text-sm text-red-700 dark:text-red-400"}
          >
            {status.text}
          </p>
        )}
      </div>
    </form>
  );
}
