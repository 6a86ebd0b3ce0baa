"use client";
// Signing out, here or everywhere: kept with the account's identity at the top,
// well away from deleting the account.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signOutHere } from "@/components/auth/auth-request";
import { apiCall } from "./api-call";

export function SignOutButtons() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function signOutAll() {
    const res = await apiCall<{ sessions: number }>("/api/account/sign-out-all", { method: "POST" });
    if (res.error) return setError(res.error);
    router.push("/sign-in");
    router.refresh();
  }
  const button = "rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700";
  return (
    <div className="mt-4 flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={() =>
          signOutHere("/").catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
        }
        className={button}
      >
        Sign out
      </button>
      <button type="button" onClick={() => void signOutAll()} className={button}>
        Sign out of all devices
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
