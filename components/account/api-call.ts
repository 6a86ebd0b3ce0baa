// Small fetch helper for the account page: returns the typed error's message
// instead of throwing, so every failure is shown in the UI.
export async function apiCall<T>(url: string, init?: RequestInit): Promise<{ data?: T; error?: string }> {
  try {
    const res = await fetch(url, {
      ...init,
      headers: { "content-type": "application/json", ...init?.headers },
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const message = (body as { error?: { message?: string } } | null)?.error?.message;
      return { error: message ?? `Request failed (${res.status}).` };
    }
    return { data: body as T };
  } catch (err) {
    return { error: err instanceof Error ? err.message : "Could not reach the server." };
  }
}
