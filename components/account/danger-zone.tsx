"use client";
// Download my data, and deleting the account, which asks for the email and then
// leaves for the home page, which confirms it (the header re-checks the session).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiCall } from "./api-call";

export function DangerZone({ email }: { email: string | null }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function remove(e: FormEvent) {
    e.preventDefault();
    const res = await apiCall("/api/account", { method: "DELETE", body: JSON.stringify({ confirmEmail: confirm }) });
    if (res.error) return setMessage({ ok: false, text: res.error });
    router.push("/?account=deleted");
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap gap-3">
        <a href="/api/account/export" className="rounded-md border border-slate-300 px-3 py-2 dark:border-slate-700">
          Download my data
        </a>
      </div>
      <form onSubmit={remove} className="mt-10 space-y-2 rounded-md border border-red-200 p-4 dark:border-red-900">
        <h3 className="font-medium text-red-700 dark:text-red-400">Delete my account</h3>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          This removes your conversations, keys and settings and cancels your subscription. It cannot be undone. Type{" "}
          <strong>{email}</strong> to confirm.
        </p>
        <input
          aria-label="Confirm email"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
        <button
          type="submit"
          disabled={!email || confirm.trim().toLowerCase() !== email.toLowerCase()}
          className="rounded-md bg-red-600 px-3 py-2 text-white disabled:opacity-50"
        >
          Delete my account
        </button>
      </form>
      {message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {message.text}
        </p>
      )}
    </div>
  );
}
