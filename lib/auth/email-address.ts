// One spelling per inbox, shared by the email sign-in (next-auth's identifier)
// and its rate limit, so that variants of an address cannot each get a fresh
// allowance: Unicode-normalised (NFKC), trimmed, lower-cased, anything after a
// comma in the domain dropped (as next-auth's own normaliser does). Null when it
// is not a plausible address.
const MAX_LENGTH = 254;

export function normalizeEmail(raw: string): string | null {
  const s = raw.normalize("NFKC").trim().toLowerCase();
  if (s.length === 0 || s.length > MAX_LENGTH || s.includes('"') || /\s/.test(s)) return null;
  const parts = s.split("@");
  if (parts.length !== 2) return null;
  const local = parts[0]!;
  const domain = parts[1]!.split(",")[0]!;
  if (!local || !domain.includes(".") || domain.startsWith(".") || domain.endsWith(".")) return null;
  return `${local}@${domain}`;
}
