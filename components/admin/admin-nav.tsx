import Link from "next/link";

const LINKS = [
  ["/admin", "Overview"],
  ["/admin/users", "Users"],
  ["/admin/usage", "Usage & cost"],
  ["/admin/revenue", "Revenue"],
  ["/admin/webhooks", "Webhooks"],
  ["/admin/switches", "Switches"],
  ["/admin/audit", "Audit log"],
] as const;

export function AdminNav() {
  return (
    <nav
      aria-label="Admin"
      className="flex flex-wrap gap-x-5 gap-y-2 border-b border-slate-200 pb-3 text-sm dark:border-slate-800"
    >
      <span className="font-semibold">Admin</span>
      {LINKS.map(([href, label]) => (
        <Link key={href} href={href} className="text-slate-700 hover:underline dark:text-slate-300">
          {label}
        </Link>
      ))}
    </nav>
  );
}
