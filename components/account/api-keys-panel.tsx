"use client";
import { useState, type FormEvent } from "react";
import type { ApiKeyView } from "@/lib/account/api-keys";
import { apiCall } from "./api-call";

export function ApiKeysPanel({ initial }: { initial: ApiKeyView[] }) {
  const [keys, setKeys] = useState(initial);
  const [name, setName] = useState("");
  // Every key can chat; reading conversations and usage is asked for.
  const [canRead, setCanRead] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const res = await apiCall<{ key: ApiKeyView; secret: string }>("/api/keys", {
      method: "POST",
      body: JSON.stringify({ name, scopes: canRead ? ["chat", "read"] : ["chat"] }),
    });
    if (!res.data) return setError(res.error ?? "Could not create the key.");
    setKeys([res.data.key, ...keys]);
    setSecret(res.data.secret);
    setName("");
    setCanRead(false);
  }

  async function revoke(id: string, name: string) {
    if (!window.confirm(`Revoke "${name}"? Programs using this key stop working at once.`)) return;
    setError(null);
    const res = await apiCall<{ key: ApiKeyView }>(`/api/keys/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (!res.data) return setError(res.error ?? "Could not revoke the key.");
    const revoked = res.data.key;
    setKeys(keys.map((k) => (k.id === id ? revoked : k)));
  }

  return (
    <div className="space-y-4">
      <form onSubmit={create} className="flex gap-2">
        <input
          aria-label="Key name"
          required
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. laptop script"
          className="flex-1 rounded-md border border-slate-300 px-3 py-2 dark:border-slate-700 dark:bg-slate-900"
        />
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" checked={canRead} onChange={(e) => setCanRead(e.target.checked)} />
          can read chats
        </label>
        <button
          type="submit"
          className="rounded-md bg-slate-900 px-3 py-2 text-white dark:bg-white dark:text-slate-900"
        >
          Create key
        </button>
      </form>
      {secret && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p>Copy this key now. It will not be shown again.</p>
          <code className="mt-1 block break-all" data-testid="new-api-key">
            {secret}
          </code>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="text-slate-600 dark:text-slate-400">
            <th className="py-1">Name</th>
            <th>Key</th>
            <th>Scopes</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-t border-slate-200 dark:border-slate-800">
              <td className="py-2">{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td data-testid="key-scopes">{k.scopes.join(", ")}</td>
              <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : "never"}</td>
              <td className="text-right">
                {k.revokedAt ? (
                  <span className="text-slate-600 dark:text-slate-400">revoked</span>
                ) : (
                  <button
                    type="button"
                    onClick={() => void revoke(k.id, k.name)}
                    aria-label={`Revoke ${k.name}`}
                    className="text-red-700 hover:underline dark:text-red-400"
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
